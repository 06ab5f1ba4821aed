/**
 * The benchmark's HTTP path: an in-process emulator (its own temporary data directory), composites uploaded through
 * the files API, and every segmentation a real job: POST, then GET every POLL_INTERVAL_MS until it is terminal, as the
 * external benchmark and the app do.
 */
import { startEmulator, type StartedEmulator } from '../../server/testing/startEmulator';
import type { SegmenterCandidate, SegmenterName } from '../../server/segmenter/types';
import type { QualityInstance } from './dataset';
import type { SegmentFunction } from './session';

export const POLL_INTERVAL_MS = 100;
const JOB_TIMEOUT_MS = 120_000;
const BETA = { 'cdf-version': 'beta' };

interface JobResponse {
  jobId: number;
  status: string;
  errorMessage?: string | null;
  items: Array<{ segments?: Array<{ score: number; polygons: Array<{ vertices: Array<{ x: number; y: number }> }> }> }>;
}

async function expectJson<T>(response: Response, what: string): Promise<T> {
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

export async function uploadInstance(emulator: StartedEmulator, instance: QualityInstance): Promise<number> {
  const created = await expectJson<{ id: number; uploadUrl: string }>(
    await emulator.request('POST', '/files', { body: { name: `${instance.name}.png`, mimeType: 'image/png', externalId: `quality:${instance.name}` } }),
    'POST /files',
  );
  const put = await fetch(created.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(instance.png) });
  if (!put.ok) throw new Error(`PUT upload answered ${put.status}`);
  return created.id;
}

/** POSTs a job and polls it to the end; returns the candidates in the segmenter's shape. */
export async function segmentOverHttp(
  emulator: StartedEmulator,
  fileId: number,
  points: Array<{ x: number; y: number; label: 0 | 1 }>,
): Promise<SegmenterCandidate[]> {
  const created = await expectJson<JobResponse>(
    await emulator.request('POST', '/context/vision/segment', { body: { items: [{ fileId }], points }, headers: BETA }),
    'POST segment',
  );
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const job = await expectJson<JobResponse>(
      await emulator.request('GET', `/context/vision/segment/${created.jobId}`, { headers: BETA }),
      'GET segment',
    );
    if (job.status === 'Failed') throw new Error(`Job ${job.jobId} failed: ${job.errorMessage ?? ''}`);
    if (job.status === 'Completed') {
      return (job.items[0]?.segments ?? []).map((segment) => ({
        score: segment.score,
        polygons: segment.polygons.map((polygon) => polygon.vertices.map(({ x, y }) => ({ x, y }))),
      }));
    }
    if (Date.now() > deadline) throw new Error(`Job ${job.jobId} still ${job.status} after ${JOB_TIMEOUT_MS} ms`);
  }
}

export async function startHttpSegmenter(
  options: { workers: number; segmenter: SegmenterName },
  instances: readonly QualityInstance[],
): Promise<{ segment: SegmentFunction; close: () => Promise<void> }> {
  const emulator = await startEmulator({ workers: options.workers, segmenter: options.segmenter });
  try {
    const fileIds = new Map<string, number>();
    for (const instance of instances) fileIds.set(instance.name, await uploadInstance(emulator, instance));
    return {
      segment: (instance, points) => segmentOverHttp(emulator, fileIds.get(instance.name) as number, points),
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
