/**
 * The active faults. HTTP faults are matched by the request hook in `routes.ts`; job faults are read by the segment
 * job code (server/jobs) through `jobDelayMs()` and `takeJobFailure()`.
 */
import type { Fault, HttpFault, MalformedFault } from './schema';

type RequestFault = HttpFault | MalformedFault;

interface Armed<F> {
  fault: F;
  /** Remaining uses; Infinity when the fault carried no `times`. */
  remaining: number;
}

export type ResetListener = () => void | Promise<void>;

/** `*` stands for exactly one non-empty path segment; everything else must match literally. */
export function pathMatches(pattern: string, path: string): boolean {
  const patternSegments = pattern.split('/');
  const pathSegments = path.split('/');
  if (patternSegments.length !== pathSegments.length) return false;
  return patternSegments.every((segment, index) => {
    const actual = pathSegments[index] ?? '';
    return segment === '*' ? actual.length > 0 : segment === actual;
  });
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

export class FaultController {
  private requestFaults: Array<Armed<RequestFault>> = [];
  private delayMs = 0;
  private failures: Array<Armed<string>> = [];
  private readonly resetListeners: ResetListener[] = [];

  /** Replaces every active fault with `faults` (an empty list clears them). */
  replace(faults: readonly Fault[]): void {
    this.clear();
    for (const fault of faults) {
      const remaining = 'times' in fault && fault.times !== undefined ? fault.times : Number.POSITIVE_INFINITY;
      switch (fault.type) {
        case 'http':
        case 'malformed':
          this.requestFaults.push({ fault, remaining });
          break;
        case 'job-delay':
          // Several delays in one list: the longest wins, which is what "at least this long" means for each.
          this.delayMs = Math.max(this.delayMs, fault.delayMs);
          break;
        case 'job-failure':
          this.failures.push({ fault: fault.errorMessage, remaining });
          break;
      }
    }
  }

  /** Clears all faults and tells every reset listener (e.g. the job store). */
  async reset(): Promise<void> {
    this.clear();
    for (const listener of this.resetListeners) await listener();
  }

  onReset(listener: ResetListener): void {
    this.resetListeners.push(listener);
  }

  /** The first armed request fault matching this request, consuming one use; undefined when none matches. */
  takeRequestFault(method: string, path: string): RequestFault | undefined {
    const decoded = decodePath(path);
    const index = this.requestFaults.findIndex(
      ({ fault }) => (fault.method === undefined || fault.method === method.toUpperCase()) && pathMatches(fault.path, decoded),
    );
    const armed = this.requestFaults[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.requestFaults.splice(index, 1);
    return armed.fault;
  }

  /** Minimum duration of every new segment job, in ms (0 when no job-delay fault is active). */
  jobDelayMs(): number {
    return this.delayMs;
  }

  /** The error message the next job must fail with, consuming one use; undefined when jobs should run normally. */
  takeJobFailure(): string | undefined {
    const armed = this.failures[0];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.failures.shift();
    return armed.fault;
  }

  /** What is still armed, for the control endpoint's response. */
  describe(): { requestFaults: number; jobDelayMs: number; jobFailures: number } {
    return {
      requestFaults: this.requestFaults.length,
      jobDelayMs: this.delayMs,
      jobFailures: this.failures.length,
    };
  }

  private clear(): void {
    this.requestFaults = [];
    this.delayMs = 0;
    this.failures = [];
  }
}
