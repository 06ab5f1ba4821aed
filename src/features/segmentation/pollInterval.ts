/**
 * How often a segment job is polled. The emulator (and CDF) finish a small job in well under a second, so the first
 * polls come quickly to keep the lag between completion and display low; later polls back off so a slow job costs
 * about one request a second. Polling stops by itself at a terminal status.
 */
import type { Query } from '@tanstack/react-query';
import { isTerminalJobStatus, type SegmentJob } from '../../../contract/segment';

export const FIRST_POLL_INTERVAL_MS = 50;
export const MAX_POLL_INTERVAL_MS = 1000;
/**
 * The figures: first poll after 50 ms, each next interval ×1.15, capped at 1 s. ARCHITECTURE.md suggests polling
 * about every 250 ms; we poll faster at first because the emulator's learned segmenter finishes a job on a prepared
 * image in about 100–150 ms, and the lag between completion and display is roughly half the interval in use when the
 * job completes: with 100 ms ×1.2 a 110 ms job was seen at ~220 ms, with this schedule at ~110–170 ms. The cost is a
 * few more GETs per job (10 in the first second, 14 for a 2 s job, against 7 and 9 before); from about 7 s on a slow
 * job is polled once a second.
 */
export const POLL_BACKOFF_FACTOR = 1.15;

/** Interval before poll number `pollsDone + 1`: 50, 57, 66, 76, 87, 101, 116, 133, 153, 176, … then 1000 ms. */
export function pollIntervalMs(pollsDone: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(FIRST_POLL_INTERVAL_MS * POLL_BACKOFF_FACTOR ** Math.max(0, pollsDone)));
}

/** react-query `refetchInterval`: back off with the number of answers so far; `false` once the job is finished. */
export function segmentJobRefetchInterval(query: Pick<Query<SegmentJob, Error>, 'state'>): number | false {
  const job = query.state.data;
  if (job && isTerminalJobStatus(job.status)) return false;
  return pollIntervalMs(query.state.dataUpdateCount);
}
