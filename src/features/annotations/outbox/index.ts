/**
 * The outbox's public face for the UI: open one per scope, save / set status / delete / restore through it, read a
 * file's rows with `useFileOutbox` + `annotationRows`, and install `useOutboxPageHooks` once.
 */
import type { CdfClient } from '../../../api/client';
import { createOutbox, type Outbox, type OutboxOptions } from './outbox';
import { cdfOutboxApi } from './outboxApi';
import { openIndexedDbOutbox } from './persistence';

export { createOutbox, type Outbox, type OutboxConfirmation, type OutboxOptions } from './outbox';
export { cdfOutboxApi, type OutboxApi } from './outboxApi';
export { annotationRows, targetKey, type AnnotationRow, type FileOutboxSnapshot, type SaveState } from './snapshot';
export type { OutboxTarget } from './entries';
export { SAVE_MARKER_ATTRIBUTE, readSaveMarker } from './saveMarker';
export { useFileOutbox, useHasUnsent, useOutboxPageHooks } from './useOutbox';

/**
 * Opens the IndexedDB queue of `client`'s base URL and project and starts sending what earlier sessions left. When
 * IndexedDB cannot be opened (a locked-down browser) the outbox still works in memory, and its snapshots say
 * `durable: false` so the UI can warn that a reload would lose unsent work.
 */
export async function openOutbox(client: CdfClient, extra: Partial<Omit<OutboxOptions, 'scope' | 'api' | 'persistence'>> = {}): Promise<Outbox> {
  let persistence: OutboxOptions['persistence'] = null;
  try {
    persistence = await openIndexedDbOutbox();
  } catch (cause) {
    (extra.onStorageProblem ?? ((message: string, error?: unknown) => console.error(`Outbox storage: ${message}`, error)))(
      'IndexedDB could not be opened; unsent annotations will not survive a reload',
      cause,
    );
  }
  const outbox = createOutbox({ ...extra, scope: { baseUrl: client.baseUrl, project: client.project }, api: cdfOutboxApi(client), persistence });
  await outbox.start();
  return outbox;
}
