/**
 * An in-memory stand-in for the CDF client's segment endpoints, for unit tests of the job loop without a server.
 * It implements the real `CdfClient` interface and parses every answer with the real contract schema, so a shape the
 * app could not accept from CDF fails here too. Browser tests (e2e/) use the real emulator instead.
 */
import type { z } from 'zod';
import type { CdfCallOptions, CdfClient } from '../api/client';
import type { SegmentJobRequest } from '../../contract/segment';
import { CdfError } from '../api/errors';

interface FakeJob {
  readonly request: SegmentJobRequest;
  polls: number;
}

export class FakeSegmentClient implements CdfClient {
  readonly baseUrl = 'http://fake-cdf';
  readonly project = 'demo';
  readonly posts: SegmentJobRequest[] = [];
  readonly gets: number[] = [];
  /** GETs a job answers Running before it finishes; Infinity = never finishes. */
  pollsUntilDone = 2;
  /** The next jobs end Failed with this message, while `failuresLeft` > 0. */
  failureMessage = 'Injected failure';
  failuresLeft = 0;
  /** The next POST is answered with this HTTP error. */
  nextPostError: CdfError | null = null;
  private readonly jobs = new Map<number, FakeJob>();
  private readonly failing = new Set<number>();
  private nextJobId = 100;

  requestJson<T>(options: CdfCallOptions, schema: z.ZodType<T>): Promise<T> {
    return Promise.resolve().then(() => schema.parse(this.answer(options)));
  }

  requestBlob(): Promise<Blob> {
    return Promise.reject(new Error('FakeSegmentClient serves no blobs'));
  }

  private answer(options: CdfCallOptions): unknown {
    const now = Date.now();
    if (options.method === 'POST' && options.path === 'context/vision/segment') {
      if (this.nextPostError) {
        const error = this.nextPostError;
        this.nextPostError = null;
        throw error;
      }
      const request = options.body as SegmentJobRequest;
      this.posts.push(request);
      const jobId = this.nextJobId++;
      this.jobs.set(jobId, { request, polls: 0 });
      if (this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        this.failing.add(jobId);
      }
      return { status: 'Queued', createdTime: now, startTime: now, statusTime: now, jobId, points: request.points, boundingBox: request.boundingBox, items: [{ fileId: 1 }], errorMessage: null };
    }
    const match = /^context\/vision\/segment\/(\d+)$/.exec(options.path);
    const job = match ? this.jobs.get(Number(match[1])) : undefined;
    if (options.method !== 'GET' || !match || !job) throw new Error(`FakeSegmentClient: unexpected ${options.method} ${options.path}`);
    const jobId = Number(match[1]);
    this.gets.push(jobId);
    job.polls += 1;
    const done = job.polls > this.pollsUntilDone;
    const failed = done && this.failing.has(jobId);
    const base = { createdTime: now, startTime: now, statusTime: now, jobId, prompt: { points: job.request.points, boundingBox: job.request.boundingBox } };
    if (!done) return { ...base, status: job.polls === 1 ? 'Queued' : 'Running', items: [] };
    if (failed) return { ...base, status: 'Failed', items: [], errorMessage: this.failureMessage };
    const square = (size: number) => [
      { x: 0.1, y: 0.1 },
      { x: 0.1 + size, y: 0.1 },
      { x: 0.1 + size, y: 0.1 + size },
    ];
    return {
      ...base,
      status: 'Completed',
      // Deliberately not sorted by score: the app must sort.
      items: [{ fileId: 1, segments: [{ score: 0.5, polygons: [{ vertices: square(0.2) }] }, { score: 0.9, polygons: [{ vertices: square(0.4) }, { vertices: square(0.1) }] }] }],
    };
  }
}
