/** React adapters for the outbox: one file's snapshot, the unsent flag, and the page-level hooks (beforeunload, online). */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Outbox } from './outbox';
import type { FileOutboxSnapshot } from './snapshot';

const noSubscription = () => () => undefined;

/** The file's pending writes and confirmations; re-renders when they change. null without an outbox or file. */
export function useFileOutbox(outbox: Outbox | null, fileId: number | null): FileOutboxSnapshot | null {
  const subscribe = useCallback((listener: () => void) => (outbox === null ? noSubscription() : outbox.subscribe(listener)), [outbox]);
  const getSnapshot = useCallback(() => (outbox === null || fileId === null ? null : outbox.fileSnapshot(fileId)), [outbox, fileId]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** True while any write is unsent. */
export function useHasUnsent(outbox: Outbox | null): boolean {
  const subscribe = useCallback((listener: () => void) => (outbox === null ? noSubscription() : outbox.subscribe(listener)), [outbox]);
  const getSnapshot = useCallback(() => outbox?.hasUnsent() ?? false, [outbox]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
 * Page-level duties: ask before a tab with unsent writes closes (the queue would survive in IndexedDB, but the user
 * should know the work is not in CDF yet), and retry at once when the browser comes back online.
 */
export function useOutboxPageHooks(outbox: Outbox | null, target: Window = window): void {
  useEffect(() => {
    if (outbox === null) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!outbox.hasUnsent()) return;
      event.preventDefault();
      // Chrome before 119 and some embedders still need returnValue set to show the prompt.
      event.returnValue = '';
    };
    const onOnline = () => outbox.wake();
    target.addEventListener('beforeunload', onBeforeUnload);
    target.addEventListener('online', onOnline);
    return () => {
      target.removeEventListener('beforeunload', onBeforeUnload);
      target.removeEventListener('online', onOnline);
    };
  }, [outbox, target]);
}
