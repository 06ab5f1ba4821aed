import { describe, expect, it, vi } from 'vitest';
import type { ResolvedFile } from '../files/store';
import type { SegmentEvents, Segmenter, SegmenterCandidate, SegmenterInput } from '../segmenter/types';
import { SegmentationError, WorkerCrashedError } from '../segmenter/types';
import { INTERNAL_FAILURE_MESSAGE, JobStore, TooManyJobsError } from './store';

const FILE: ResolvedFile = {
  id: 42,
  externalId: 'photo',
  name: 'photo.png',
  mimeType: 'image/png',
  uploaded: true,
  bytesPath: '/nowhere/photo.png',
  cacheKey: '42:abc',
};
const REQUEST = { item: { fileId: 42 }, points: [{ x: 0.5, y: 0.5, label: 1 as const }], boundingBox: undefined };
const CANDIDATE: SegmenterCandidate = { score: 0.8, polygons: [[{ x: 0.1, y: 0.1 }, { x: 0.2, y: 0.1 }, { x: 0.2, y: 0.2 }]] };

/** A segmenter whose calls the test settles by hand. */
function manualSegmenter() {
  const calls: Array<{ input: SegmenterInput; events?: SegmentEvents; resolve: (c: SegmenterCandidate[]) => void; reject: (e: Error) => void }> = [];
  const segmenter: Segmenter = {
    name: 'grabcut',
    prepare: () => undefined,
    segment: (input, events) =>
      new Promise((resolve, reject) => {
        calls.push({ input, ...(events ? { events } : {}), resolve, reject });
      }),
    close: () => Promise.resolve(),
  };
  return { segmenter, calls };
}

function createStore(segmenter: Segmenter, overrides: { now?: () => number; failures?: string[]; delayMs?: number; max?: number; retentionMs?: number } = {}) {
  const failures = [...(overrides.failures ?? [])];
  const logError = vi.fn();
  const store = new JobStore({
    now: overrides.now ?? (() => 1_000_000),
    segmenter: () => segmenter,
    faults: { jobDelayMs: () => overrides.delayMs ?? 0, takeJobFailure: () => failures.shift() },
    logError,
    ...(overrides.max !== undefined ? { maxActiveJobsPerProject: overrides.max } : {}),
    ...(overrides.retentionMs !== undefined ? { retentionMs: overrides.retentionMs } : {}),
  });
  return { store, logError };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('JobStore', () => {
  it('walks Queued → Running → Completed with strictly increasing statusTime and passes the prompt through', async () => {
    const { segmenter, calls } = manualSegmenter();
    const { store } = createStore(segmenter);
    const job = store.create('demo', REQUEST, FILE);
    expect(job.status).toBe('Queued');
    await settle();
    expect(job.status).toBe('Queued'); // until a worker takes it
    expect(calls[0]?.input).toEqual({ imageKey: '42:abc', imagePath: '/nowhere/photo.png', prompt: { points: REQUEST.points } });
    calls[0]?.events?.onStart?.();
    expect(job.status).toBe('Running');
    const runningTime = job.statusTime;
    expect(runningTime).toBeGreaterThan(job.createdTime);
    calls[0]?.resolve([CANDIDATE]);
    await settle();
    expect(job.status).toBe('Completed');
    expect(job.statusTime).toBeGreaterThan(runningTime);
    expect(job.segments).toEqual([
      { score: 0.8, polygons: [{ vertices: CANDIDATE.polygons[0]?.map((v) => ({ ...v, confidence: null })), confidence: null }] },
    ]);
  });

  it('fails the job with the segmenter message for a SegmentationError, and a generic one (logged) otherwise', async () => {
    const { segmenter, calls } = manualSegmenter();
    const { store, logError } = createStore(segmenter);
    const undecodable = store.create('demo', REQUEST, FILE);
    const buggy = store.create('demo', REQUEST, FILE);
    await settle();
    calls[0]?.reject(new SegmentationError('Could not decode image: bad header'));
    calls[1]?.reject(new Error('bug'));
    await settle();
    expect(undecodable).toMatchObject({ status: 'Failed', errorMessage: 'Could not decode image: bad header' });
    expect(buggy).toMatchObject({ status: 'Failed', errorMessage: INTERNAL_FAILURE_MESSAGE });
    expect(logError).toHaveBeenCalledTimes(1);
  });

  it('treats a crashed segmenter worker as an internal failure: logged, generic message, later jobs unaffected', async () => {
    const { segmenter, calls } = manualSegmenter();
    const { store, logError } = createStore(segmenter);
    const crashed = store.create('demo', REQUEST, FILE);
    const next = store.create('demo', REQUEST, FILE);
    await settle();
    const crash = new WorkerCrashedError('Segmenter worker exited with code 1');
    calls[0]?.reject(crash);
    calls[1]?.resolve([CANDIDATE]);
    await settle();
    expect(crashed).toMatchObject({ status: 'Failed', errorMessage: INTERNAL_FAILURE_MESSAGE });
    expect(logError).toHaveBeenCalledTimes(1);
    expect(logError).toHaveBeenCalledWith(expect.stringContaining(`${crashed.jobId}`), crash);
    expect(next).toMatchObject({ status: 'Completed' });
  });

  it('applies job-failure without calling the segmenter', async () => {
    const { segmenter, calls } = manualSegmenter();
    const { store } = createStore(segmenter, { failures: ['Injected'] });
    const job = store.create('demo', REQUEST, FILE);
    await settle();
    expect(job).toMatchObject({ status: 'Failed', errorMessage: 'Injected' });
    expect(calls).toHaveLength(0);
  });

  it('refuses jobs past the per-project bound, counting only active jobs of that project', async () => {
    const { segmenter, calls } = manualSegmenter();
    const { store } = createStore(segmenter, { max: 2 });
    store.create('demo', REQUEST, FILE);
    store.create('demo', REQUEST, FILE);
    expect(() => store.create('demo', REQUEST, FILE)).toThrow(TooManyJobsError);
    expect(store.create('other', REQUEST, FILE).status).toBe('Queued');
    await settle();
    calls[0]?.resolve([]);
    await settle();
    expect(store.activeCount('demo')).toBe(1);
    expect(store.create('demo', REQUEST, FILE).status).toBe('Queued');
  });

  it('keeps finished jobs for the retention period, then forgets them; other projects never see them', async () => {
    let nowMs = 1_000_000;
    const { segmenter, calls } = manualSegmenter();
    const { store } = createStore(segmenter, { now: () => nowMs, retentionMs: 60_000 });
    const job = store.create('demo', REQUEST, FILE);
    await settle();
    calls[0]?.resolve([]);
    await settle();
    expect(store.get('other', job.jobId)).toBeUndefined();
    nowMs += 59_000;
    expect(store.get('demo', job.jobId)).toBe(job);
    nowMs += 2_000;
    expect(store.get('demo', job.jobId)).toBeUndefined();
  });

  it('forgets every job on reset', () => {
    const { segmenter } = manualSegmenter();
    const { store } = createStore(segmenter);
    const job = store.create('demo', REQUEST, FILE);
    store.reset();
    expect(store.get('demo', job.jobId)).toBeUndefined();
    expect(store.activeCount('demo')).toBe(0);
  });
});
