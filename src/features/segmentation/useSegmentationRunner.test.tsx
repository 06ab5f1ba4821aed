import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { promptPoint } from '../../store/promptSet';
import { CdfError } from '../../api/errors';
import { selectActiveFilePrompts, useAnnotationStore } from '../../store/annotationStore';
import type { FakeSegmentClient } from '../../test/fakeSegmentClient';
import { startTestSession } from '../../test/testSession';
import { pendingJobAbandoned, segmentRequested } from './segmentationCommands';
import { useSegmentationStore } from './segmentationStore';
import { useDisplayedResult } from './useDisplayedResult';
import { SEGMENT_JOB_GC_TIME_MS } from './segmentJobQueries';
import { completedJobIdsForFile, useSegmentationRunner } from './useSegmentationRunner';

const annotation = () => useAnnotationStore.getState().actions;
const scheduler = () => useSegmentationStore.getState().scheduler;

interface RenderedResult {
  readonly jobId: number | null;
  readonly stale: boolean;
  /** Points on screen when this result was rendered. */
  readonly pointCount: number;
}

function setup(client: FakeSegmentClient, timeoutMs?: number, rendered: RenderedResult[] = [], queryClient = new QueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  return renderHook(
    () => {
      useSegmentationRunner(client, timeoutMs);
      const displayed = useDisplayedResult(client);
      const pointCount = selectActiveFilePrompts(useAnnotationStore.getState()).current.points.length;
      rendered.push({ jobId: displayed.jobId, stale: displayed.stale, pointCount });
      return displayed;
    },
    { wrapper },
  );
}

/** Runs `body` with fake timers (only timers: promises and React's own scheduling stay real). */
async function withFakeTimers(body: () => Promise<unknown>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  try {
    await body();
  } finally {
    vi.useRealTimers();
  }
}

describe('segmentation runner (fake CDF client)', () => {
  let client: FakeSegmentClient;
  beforeEach(() => {
    client = startTestSession();
  });
  afterEach(() => {
    cleanup();
    useSegmentationStore.setState(useSegmentationStore.getInitialState(), true);
  });

  it('submits a point, polls to Completed and shows the candidates best first', async () => {
    const { result } = setup(client);
    expect(client.posts).toHaveLength(0); // empty prompt set: no job
    act(() => annotation().pointPlaced(promptPoint(0.25, 0.5, 1)));
    await waitFor(() => expect(result.current.segments).toHaveLength(2));
    expect(client.posts).toEqual([{ items: [{ fileId: 1 }], points: [promptPoint(0.25, 0.5, 1)] }]);
    expect(result.current.stale).toBe(false);
    expect(result.current.segments.map((s) => s.score)).toEqual([0.9, 0.5]);
    expect(client.gets.length).toBeGreaterThanOrEqual(3);
    const finished = performance.getEntriesByName('annotator:job-finished') as PerformanceMark[];
    expect(finished.some((mark) => (mark.detail as { jobId: number }).jobId === result.current.jobId)).toBe(true);
  });

  it('marks each prompt revision exactly once: opening a file once, mounting never, the first edit next', () => {
    performance.clearMarks('annotator:prompt-changed');
    const revisions = () =>
      (performance.getEntriesByName('annotator:prompt-changed') as PerformanceMark[]).map((mark) => (mark.detail as { revision: number }).revision);
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true); // a fresh page: no file open
    window.localStorage.setItem(
      'cdf-annotator:prompts:v1:test:7',
      JSON.stringify({ current: { points: [promptPoint(0.5, 0.5, 1)], box: null }, undoStack: [], redoStack: [] }),
    );
    const first = setup(client);
    expect(revisions()).toEqual([]); // mounting marks nothing
    act(() => annotation().fileOpened({ fileId: 7, scope: 'test' })); // restores one saved point
    expect(revisions()).toEqual([1]);
    expect(scheduler().inFlight?.target.revision).toBe(1); // Auto-segment submits the restored prompts
    first.unmount();
    setup(client); // a remount (development StrictMode, an error boundary reset…) marks nothing either
    act(() => annotation().fileOpened({ fileId: 7, scope: 'test' })); // already open: not a change
    act(() => annotation().undoRequested()); // nothing to undo: not a change
    expect(revisions()).toEqual([1]);
    act(() => annotation().pointPlaced(promptPoint(0.2, 0.2, 0)));
    expect(revisions()).toEqual([1, 2]);
  });

  it('coalesces quick changes: one job in flight, then only the newest prompt set', async () => {
    client.pollsUntilDone = 3;
    const rendered: RenderedResult[] = [];
    const { result } = setup(client, undefined, rendered);
    act(() => annotation().pointPlaced(promptPoint(0.1, 0.1, 1)));
    act(() => annotation().pointPlaced(promptPoint(0.2, 0.2, 1)));
    act(() => annotation().pointPlaced(promptPoint(0.3, 0.3, 0)));
    await waitFor(() => expect(client.posts).toHaveLength(2), { timeout: 5000 });
    await waitFor(() => expect(scheduler().inFlight).toBeNull(), { timeout: 5000 });
    expect(client.posts[1]?.points).toHaveLength(3);
    await waitFor(() => expect(result.current.stale).toBe(false));
    expect(result.current.jobId).toBe(101);
    // Job 100 answered the first point only: no render ever showed it as the answer to the newer prompts.
    expect(rendered.length).toBeGreaterThan(1);
    expect(rendered.filter((r) => r.jobId === 100 && !r.stale && r.pointCount > 1)).toEqual([]);
    expect(rendered.filter((r) => r.jobId === 100 && !r.stale)).toEqual([]);
  });

  it('undo back to an earlier prompt set shows its kept result without a new job', async () => {
    const { result } = setup(client);
    act(() => annotation().pointPlaced(promptPoint(0.1, 0.1, 1)));
    await waitFor(() => expect(result.current.jobId).toBe(100));
    act(() => annotation().pointPlaced(promptPoint(0.6, 0.6, 0)));
    // While the second job runs, the first result stays visible, marked stale.
    await waitFor(() => expect(result.current).toMatchObject({ jobId: 100, stale: true }));
    await waitFor(() => expect(result.current).toMatchObject({ jobId: 101, stale: false }));
    const postsBefore = client.posts.length;
    const getsBefore = client.gets.length;
    act(() => annotation().undoRequested());
    expect(result.current).toMatchObject({ jobId: 100, stale: false });
    act(() => annotation().redoRequested());
    expect(result.current).toMatchObject({ jobId: 101, stale: false });
    expect(client.posts).toHaveLength(postsBefore);
    expect(client.gets).toHaveLength(getsBefore);
    act(() => annotation().promptsCleared());
    expect(result.current).toMatchObject({ jobId: null, segments: [] });
  });

  it('a Failed job keeps the prompts and records its message; Segment tries again and succeeds', async () => {
    client.failuresLeft = 1;
    const { result } = setup(client);
    act(() => annotation().pointPlaced(promptPoint(0.4, 0.4, 1)));
    await waitFor(() => expect(Object.values(scheduler().errorsByResultKey)[0]?.message).toBe('Injected failure'));
    expect(Object.values(scheduler().errorsByResultKey)[0]).toMatchObject({ cause: 'job-failed', jobId: 100 });
    expect(result.current.jobId).toBeNull();
    act(() => segmentRequested());
    await waitFor(() => expect(result.current.segments).toHaveLength(2));
    expect(client.posts).toHaveLength(2);
    expect(scheduler().errorsByResultKey).toEqual({});
  });

  it('shows the CDF message and request id when creating the job fails', async () => {
    client.nextPostError = new CdfError({ kind: 'http', status: 400, message: 'File 1 is not an image', method: 'POST', url: 'x', requestId: 'req-7' });
    setup(client);
    act(() => annotation().pointPlaced(promptPoint(0.4, 0.4, 1)));
    await waitFor(() => expect(Object.values(scheduler().errorsByResultKey)[0]).toMatchObject({ cause: 'not-created', message: 'File 1 is not an image', requestId: 'req-7' }));
  });

  it('ends a job that never finishes with a clear time-out message', async () => {
    client.pollsUntilDone = Infinity;
    setup(client, 400);
    act(() => annotation().pointPlaced(promptPoint(0.4, 0.4, 1)));
    await waitFor(() => expect(Object.values(scheduler().errorsByResultKey)[0]?.message).toMatch(/did not finish within 0.4 s/), { timeout: 3000 });
    expect(scheduler().inFlight).toBeNull();
    // The job may still be running on the server: this is "stopped waiting", not a Failed job.
    expect(Object.values(scheduler().errorsByResultKey)[0]).toMatchObject({ cause: 'polling-stopped', jobId: 100 });
  });

  it('Escape abandons the job in flight: its result is not shown', async () => {
    client.pollsUntilDone = 4;
    const { result } = setup(client);
    act(() => annotation().pointPlaced(promptPoint(0.4, 0.4, 1)));
    await waitFor(() => expect(scheduler().inFlight?.jobId).toBe(100));
    act(() => pendingJobAbandoned());
    expect(scheduler()).toMatchObject({ inFlight: null, abandonedJobId: 100 });
    const getsAtAbandon = client.gets.length;
    // Longer than job 100 would have needed to finish: its polling has stopped and nothing late is shown.
    await withFakeTimers(() => act(() => vi.advanceTimersByTimeAsync(800)));
    expect(client.gets.length).toBeLessThanOrEqual(getsAtAbandon + 1); // at most the GET already on its way
    expect(result.current.jobId).toBeNull();
  });

  it('with Auto-segment off, nothing is submitted until Segment', async () => {
    act(() => annotation().autoSegmentChanged(false));
    const { result } = setup(client);
    act(() => annotation().pointPlaced(promptPoint(0.4, 0.4, 1)));
    expect(scheduler()).toMatchObject({ inFlight: null, waiting: null }); // nothing will be posted
    await withFakeTimers(() => act(() => vi.advanceTimersByTimeAsync(100)));
    expect(client.posts).toHaveLength(0);
    act(() => segmentRequested());
    await waitFor(() => expect(result.current.segments).toHaveLength(2));
    expect(client.posts).toHaveLength(1);
  });

  it('keeps the open image’s finished results cached (observed) and lets other files’ results expire', async () => {
    const queryClient = new QueryClient();
    const { result } = setup(client, undefined, [], queryClient);
    const observers = (jobId: number) =>
      queryClient.getQueryCache().findAll().find((query) => query.queryKey.at(-1) === jobId)?.getObserversCount() ?? 0;
    const gcTime = (jobId: number) => queryClient.getQueryCache().findAll().find((query) => query.queryKey.at(-1) === jobId)?.gcTime;
    act(() => annotation().pointPlaced(promptPoint(0.1, 0.1, 1)));
    await waitFor(() => expect(result.current).toMatchObject({ jobId: 100, stale: false }));
    act(() => annotation().pointPlaced(promptPoint(0.6, 0.6, 0)));
    await waitFor(() => expect(result.current).toMatchObject({ jobId: 101, stale: false }));
    expect(gcTime(100)).toBe(SEGMENT_JOB_GC_TIME_MS);
    expect(Number.isFinite(SEGMENT_JOB_GC_TIME_MS)).toBe(true);
    // Job 100 is not on screen, yet stays observed while its file is open: undo needs it at once.
    expect(observers(100)).toBeGreaterThan(0);
    act(() => annotation().fileOpened({ fileId: 2, scope: 'test' }));
    // Another file: nothing observes file 1's results any more, so the cache drops them after gcTime.
    await waitFor(() => expect(observers(100)).toBe(0));
    expect(observers(101)).toBe(0);
    act(() => annotation().fileOpened({ fileId: 1, scope: 'test' }));
    await waitFor(() => expect(observers(100)).toBeGreaterThan(0));
  });

  it('lists the completed jobs of the open file only', () => {
    const state = {
      ...scheduler(),
      jobsByResultKey: {
        'test:1|a': { jobId: 3, revision: 1, outcome: 'Completed' as const },
        'test:1|b': { jobId: 2, revision: 2, outcome: 'Completed' as const },
        'test:1|c': { jobId: 4, revision: 3, outcome: 'Pending' as const },
        'test:12|a': { jobId: 5, revision: 1, outcome: 'Completed' as const },
      },
    };
    expect(completedJobIdsForFile(state, 'test:1')).toBe('2,3');
    expect(completedJobIdsForFile(state, null)).toBe('');
  });
});
