import { describe, expect, it } from 'vitest';
import type { SegmentJob } from '../../../contract/segment';
import { FIRST_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS, pollIntervalMs, segmentJobRefetchInterval } from './pollInterval';

const job = (status: SegmentJob['status']): SegmentJob => ({
  status,
  createdTime: 1,
  startTime: 1,
  statusTime: 1,
  jobId: 5,
  items: [],
  prompt: { points: [{ x: 0.5, y: 0.5, label: 1 }] },
});
const query = (data: SegmentJob | undefined, dataUpdateCount: number) =>
  ({ state: { data, dataUpdateCount } }) as Parameters<typeof segmentJobRefetchInterval>[0];

describe('poll interval', () => {
  it('starts short and backs off to at most a second', () => {
    expect(pollIntervalMs(0)).toBe(FIRST_POLL_INTERVAL_MS);
    const intervals = Array.from({ length: 30 }, (_, i) => pollIntervalMs(i));
    for (let i = 1; i < intervals.length; i += 1) expect(intervals[i]).toBeGreaterThanOrEqual(intervals[i - 1] ?? 0);
    expect(intervals.at(-1)).toBe(MAX_POLL_INTERVAL_MS);
    expect(intervals[1]).toBeGreaterThan(FIRST_POLL_INTERVAL_MS);
  });

  it('keeps polling while Queued or Running and stops at Completed or Failed', () => {
    expect(segmentJobRefetchInterval(query(undefined, 0))).toBe(FIRST_POLL_INTERVAL_MS);
    expect(segmentJobRefetchInterval(query(job('Queued'), 1))).toBe(pollIntervalMs(1));
    expect(segmentJobRefetchInterval(query(job('Running'), 30))).toBe(MAX_POLL_INTERVAL_MS);
    expect(segmentJobRefetchInterval(query(job('Completed'), 3))).toBe(false);
    expect(segmentJobRefetchInterval(query(job('Failed'), 3))).toBe(false);
  });
});
