/**
 * Which file is open. The page URL is the single source of truth (`fileId` or `fileExternalId`), so a copied link
 * reopens the same image; choosing a file rewrites the URL with history.replaceState (no history entry per click)
 * and notifies subscribers. No parameter = the first image of the list.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { FileRef } from '../../api/files';
import { parseFileParams } from './fileParams';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const getSearch = () => window.location.search;

/** The file the URL names, or null for "the first image". */
export function useSelectedFileRef(): FileRef | null {
  const search = useSyncExternalStore(subscribe, getSearch);
  return useMemo(() => {
    try {
      return parseFileParams(new URLSearchParams(search));
    } catch (error) {
      // The startup configuration already rejected a malformed URL; a later one (edited by hand) opens the first
      // image rather than crashing, and says why in the console.
      console.warn('Ignoring the file in the URL:', error);
      return null;
    }
  }, [search]);
}

/** Opens another file: rewrites `fileId`/`fileExternalId` in the URL, keeping every other parameter. */
export function chooseFile(ref: FileRef): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('fileId');
  url.searchParams.delete('fileExternalId');
  if ('id' in ref) url.searchParams.set('fileId', String(ref.id));
  else url.searchParams.set('fileExternalId', ref.externalId);
  window.history.replaceState(window.history.state, '', url);
  for (const listener of listeners) listener();
}
