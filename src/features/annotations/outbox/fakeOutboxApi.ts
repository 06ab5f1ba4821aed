/**
 * Test helper: an in-memory CDF annotations store behind the OutboxApi interface, with scripted faults. A fault either
 * stops the call before anything happens (`before`, like a 429 or a 503 from a gateway) or lets the work happen and
 * then loses the answer (`after`, like the emulator's `afterProcessing` fault or a dropped connection).
 */
import type { Annotation, AnnotationCreateItem, AnnotationStatus } from '../../../../contract';
import { CdfError } from '../../../api/errors';
import type { OutboxApi } from './outboxApi';

export type FakeOperation = 'create' | 'list' | 'status' | 'delete';
export type Fault = { when: 'before' | 'after'; error: Error };

export const httpError = (status: number, extra: { missing?: Array<Record<string, unknown>> } = {}): CdfError =>
  new CdfError({ kind: 'http', status, message: `HTTP ${status} from the fake`, method: 'POST', url: 'http://cdf.test/annotations', ...extra });
export const networkError = (): CdfError =>
  new CdfError({ kind: 'network', message: 'Cannot reach http://cdf.test: the server did not answer', method: 'POST', url: 'http://cdf.test/annotations' });

export function createFakeOutboxApi() {
  const annotations = new Map<number, Annotation>();
  const faults: Record<FakeOperation, Fault[]> = { create: [], list: [], status: [], delete: [] };
  const calls: FakeOperation[] = [];
  let nextId = 1000;
  let clockMs = 1_700_000_000_000;
  /** Makes the next create call wait until the signal aborts (after doing the work): a tab closed mid-request. */
  let hangNextCreate = false;

  async function run<T>(operation: FakeOperation, signal: AbortSignal, work: () => T): Promise<T> {
    calls.push(operation);
    await Promise.resolve();
    signal.throwIfAborted();
    const fault = faults[operation].shift();
    if (fault?.when === 'before') throw fault.error;
    const result = work();
    if (fault?.when === 'after') throw fault.error;
    if (operation === 'create' && hangNextCreate) {
      hangNextCreate = false;
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }));
    }
    return result;
  }

  const api: OutboxApi = {
    create: (items: readonly AnnotationCreateItem[], signal) =>
      run('create', signal, () =>
        items.map((item) => {
          clockMs += 1;
          const annotation: Annotation = { ...item, data: { ...item.data }, id: nextId++, createdTime: clockMs, lastUpdatedTime: clockMs };
          annotations.set(annotation.id, annotation);
          return annotation;
        }),
      ),
    listForReconcile: (fileId, creatingApp, signal) =>
      run('list', signal, () => [...annotations.values()].filter((a) => a.annotatedResourceId === fileId && a.creatingApp === creatingApp)),
    setStatus: (annotationId: number, status: AnnotationStatus, signal) =>
      run('status', signal, () => {
        const existing = annotations.get(annotationId);
        if (existing === undefined) throw httpError(400, { missing: [{ id: annotationId }] });
        clockMs += 1;
        const updated = { ...existing, status, lastUpdatedTime: clockMs };
        annotations.set(annotationId, updated);
        return updated;
      }),
    remove: (annotationId: number, signal) =>
      run('delete', signal, () => {
        if (!annotations.delete(annotationId)) throw httpError(400, { missing: [{ id: annotationId }] });
      }),
  };

  return {
    api,
    annotations,
    calls,
    fail(operation: FakeOperation, ...added: Fault[]) {
      faults[operation].push(...added);
    },
    hangNextCreate() {
      hangNextCreate = true;
    },
    count: (operation: FakeOperation) => calls.filter((call) => call === operation).length,
  };
}
