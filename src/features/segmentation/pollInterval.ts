/**
 * How often a segment job is polled. The emulator (and CDF) finish a small job in well under a second, so the first
 * polls come quickly to keep the lag between completion and display low; later polls back off so a slow job costs
 * about one request a second. Polling stops by itself at a terminal status.
 */
import type { Query } from '@tanstack/react-query';
import { isTerminalJobStatus, type SegmentJob } from '../../../contract/segment';

export const FIRST_POLL_INTERVAL_MS = 100;
export const MAX_POLL_INTERVAL_MS = 1000;
/**
 * The figures: first poll after 100 ms, each next interval ×1.2, capped at 1 s. ARCHITECTURE.md suggests polling
 * about every 250 ms; we poll faster at first because the polling-lag target (job completion → overlay) is
 * p50 ≤ 300 ms, and the lag is roughly half the interval in use when the job completes. Emulator jobs take about
 * 1–2 s, when the interval here is ~250–400 ms; `npm run bench` measured a polling-lag p50 of 118 ms. The cost is a
 * few more GETs per job (about 9 for a 2 s job); after 14 polls (~4 s) a slow job is polled once a second.
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
