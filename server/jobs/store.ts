/**
 * Segment jobs: creation, the Queued → Running → Completed|Failed walk, the per-project queue bound, retention, and
 * the job faults. In memory: jobs do not survive an emulator restart (clients poll for seconds, not days).
 */
import type { JobStatus, Segment } from '../../contract';
import type { ResolvedFile } from '../files/store';
import type { Segmenter, SegmenterCandidate } from '../segmenter/types';
import { SegmentationError } from '../segmenter/types';
import { ECHO_FILE_INSTANCE_ID, FIRST_JOB_ID, JOB_RETENTION_MS, MAX_ACTIVE_JOBS_PER_PROJECT } from './policy';
import type { ValidSegmentRequest, ValidPoint } from './request';

/** `VisionAllOfFileId`: the file a job ran on. */
export interface JobFileItem {
  fileId: number;
  fileExternalId?: string;
  fileInstanceId?: { space: string; externalId: string };
}

export interface JobRecord {
  readonly jobId: number;
  readonly project: string;
  status: JobStatus;
  readonly createdTime: number;
  readonly startTime: number;
  statusTime: number;
  readonly file: JobFileItem;
  readonly points: ValidPoint[] | undefined;
  readonly boundingBox: ValidSegmentRequest['boundingBox'];
  segments: Segment[] | undefined;
  errorMessage: string | null;
  /** ms since the epoch when the job reached Completed or Failed. */
  finishedTime: number | undefined;
}

export interface JobFaults {
  jobDelayMs(): number;
  takeJobFailure(): string | undefined;
}

export interface JobStoreOptions {
  now: () => number;
  /** Created on first use, so an emulator that never segments never starts workers. */
  segmenter: () => Segmenter;
  faults: JobFaults;
  /** Where unexpected (non-job) errors are reported. */
  logError: (message: string, error: unknown) => void;
  maxActiveJobsPerProject?: number;
  retentionMs?: number;
}

export class TooManyJobsError extends Error {
  override name = 'TooManyJobsError';
  constructor(readonly limit: number) {
    super(`At most ${limit} segment jobs may be active per project`);
  }
}

export const INTERNAL_FAILURE_MESSAGE = 'Internal error while segmenting the image';

export function toCdfSegments(candidates: readonly SegmenterCandidate[]): Segment[] {
  return candidates.map((candidate) => ({
    score: candidate.score,
    polygons: candidate.polygons.map((polygon) => ({
      vertices: polygon.map((vertex) => ({ x: vertex.x, y: vertex.y, confidence: null })),
      confidence: null,
    })),
  }));
}

export class JobStore {
  private readonly jobs = new Map<number, JobRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextJobId = FIRST_JOB_ID;
  private closed = false;

  constructor(private readonly options: JobStoreOptions) {}

  private get maxActive(): number {
    return this.options.maxActiveJobsPerProject ?? MAX_ACTIVE_JOBS_PER_PROJECT;
  }

  activeCount(project: string): number {
    let count = 0;
    for (const job of this.jobs.values()) {
      if (job.project === project && (job.status === 'Queued' || job.status === 'Running')) count++;
    }
    return count;
  }

  /** Creates a Queued job and starts it. Throws TooManyJobsError past the per-project bound. */
  create(project: string, request: ValidSegmentRequest, file: ResolvedFile): JobRecord {
    this.sweep();
    if (this.activeCount(project) >= this.maxActive) throw new TooManyJobsError(this.maxActive);
    const now = this.options.now();
    const job: JobRecord = {
      jobId: this.nextJobId++,
      project,
      status: 'Queued',
      createdTime: now,
      startTime: now,
      statusTime: now,
      file: {
        fileId: file.id,
        ...(file.externalId !== undefined ? { fileExternalId: file.externalId } : {}),
        ...(ECHO_FILE_INSTANCE_ID && file.instanceId !== undefined ? { fileInstanceId: file.instanceId } : {}),
      },
      points: request.points,
      boundingBox: request.boundingBox,
      segments: undefined,
      errorMessage: null,
      finishedTime: undefined,
    };
    this.jobs.set(job.jobId, job);
    // Faults are taken when the job is created, so "the next job fails" means the next POST.
    const failure = this.options.faults.takeJobFailure();
    const delayMs = this.options.faults.jobDelayMs();
    // Start on a later turn of the event loop: the POST answers with the job as created (Queued), even when a worker
    // is idle and would take it at once.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(job, file, failure, delayMs);
    }, 0);
    this.timers.add(timer);
    return job;
  }

  get(project: string, jobId: number): JobRecord | undefined {
    this.sweep();
    const job = this.jobs.get(jobId);
    return job && job.project === project ? job : undefined;
  }

  /** Forgets every job (POST /_emulator/reset). Work in flight finishes but is no longer visible. */
  reset(): void {
    this.jobs.clear();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private sweep(): void {
    const cutoff = this.options.now() - (this.options.retentionMs ?? JOB_RETENTION_MS);
    for (const [jobId, job] of this.jobs) {
      if (job.finishedTime !== undefined && job.finishedTime < cutoff) this.jobs.delete(jobId);
    }
  }

  private setStatus(job: JobRecord, status: JobStatus): void {
    if (job.status === status || job.status === 'Completed' || job.status === 'Failed') return;
    job.status = status;
    // Strictly increasing (policy.STATUS_TIME_STRICTLY_INCREASES).
    job.statusTime = Math.max(this.options.now(), job.statusTime + 1);
    if (status === 'Completed' || status === 'Failed') job.finishedTime = job.statusTime;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async run(job: JobRecord, file: ResolvedFile, failure: string | undefined, delayMs: number): Promise<void> {
    const startedMs = performance.now();
    const waitOutDelay = async () => {
      await this.sleep(delayMs - (performance.now() - startedMs));
      // Timers and the ms wall clock round differently: top up by the clock's remaining millisecond or two, so the
      // reported statusTime − createdTime is never below the delay. Bounded, so a frozen test clock cannot hang a job.
      const remainingMs = job.createdTime + delayMs - this.options.now();
      if (delayMs > 0 && remainingMs > 0 && remainingMs <= 5) await this.sleep(remainingMs + 1);
    };
    try {
      if (failure !== undefined) {
        // An injected failure still walks through Running, as a real failing job would.
        await this.sleep(0);
        this.setStatus(job, 'Running');
        await waitOutDelay();
        this.fail(job, failure);
        return;
      }
      const candidates = await this.options.segmenter().segment(
        {
          imageKey: file.cacheKey,
          imagePath: file.bytesPath,
          prompt: { points: job.points ?? [], ...(job.boundingBox ? { boundingBox: job.boundingBox } : {}) },
        },
        { onStart: () => this.setStatus(job, 'Running') },
      );
      this.setStatus(job, 'Running');
      await waitOutDelay();
      job.segments = toCdfSegments(candidates);
      this.setStatus(job, 'Completed');
    } catch (error) {
      if (error instanceof SegmentationError) {
        this.setStatus(job, 'Running');
        await waitOutDelay();
        this.fail(job, error.message);
        return;
      }
      // Not the job's fault (a bug, a closed pool): report it, and still end the job so no client polls forever.
      if (!this.closed) this.options.logError(`Segment job ${job.jobId} failed unexpectedly`, error);
      this.setStatus(job, 'Running');
      this.fail(job, INTERNAL_FAILURE_MESSAGE);
    }
  }

  private fail(job: JobRecord, message: string): void {
    job.errorMessage = message;
    this.setStatus(job, 'Failed');
  }
}
