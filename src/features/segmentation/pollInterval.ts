/**
 * How often a segment job is polled. The emulator (and CDF) finish a small job in well under a second, so the first
 * polls come quickly to keep the lag between completion and display low; later polls back off so a slow job costs
 * about one request a second. Polling stops by itself at a terminal status.
 */
import type { Query } from '@tanstack/react-query';
import { isTerminalJobStatus, type SegmentJob } from '../../api/contract/segment';

export const FIRST_POLL_INTERVAL_MS = 100;
export const MAX_POLL_INTERVAL_MS = 1000;
/**
 * Gentle on purpose: emulator jobs take about 1–2 s, and the lag between completion and display is about half the
 * interval in use at that moment (~150 ms here at 1 s, against ~250 ms with 150 ms × 1.5), for a few more GETs per
 * job (9 for a 2 s job). After 14 polls (~4 s) a slow job is polled once a second.
 */
export const POLL_BACKOFF_FACTOR = 1.2;

/** Interval before poll number `pollsDone + 1`: 100, 120, 144, 173, 207, 249, 299, 358, 430, 516, … then 1000 ms. */
export function pollIntervalMs(pollsDone: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(FIRST_POLL_INTERVAL_MS * POLL_BACKOFF_FACTOR ** Math.max(0, pollsDone)));
}

/** react-query `refetchInterval`: back off with the number of answers so far; `false` once the job is finished. */
export function segmentJobRefetchInterval(query: Pick<Query<SegmentJob, Error>, 'state'>): number | false {
  const job = query.state.data;
  if (job && isTerminalJobStatus(job.status)) return false;
  return pollIntervalMs(query.state.dataUpdateCount);
}
