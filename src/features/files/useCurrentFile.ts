import { useQuery } from '@tanstack/react-query';
import type { FileInfo } from '../../../contract';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { useSelectedFileRef } from './selectedFile';

export type CurrentFile =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown; readonly retry: () => void }
  /** The project has no JPEG or PNG files. */
  | { readonly status: 'empty' }
  | { readonly status: 'ready'; readonly file: FileInfo };

/**
 * The file the canvas shows: the one the URL names (resolved with files/byids, so an unknown id is an error the user
 * sees), or else the first image of the list.
 */
export function useCurrentFile(): CurrentFile {
  const client = useCdfClient();
  const selected = useSelectedFileRef();
  const list = useQuery({ ...fileQueries.imageList(client), enabled: selected === null });
  const listed =
    selected === null
      ? undefined
      : list.data?.files.find((file) => ('id' in selected ? file.id === selected.id : file.externalId === selected.externalId));
  const detail = useQuery({ ...fileQueries.detail(client, selected), enabled: selected !== null && listed === undefined });

  if (selected === null) {
    if (list.isPending) return { status: 'loading' };
    if (list.isError) return { status: 'error', error: list.error, retry: () => void list.refetch() };
    const first = list.data.files[0];
    return first === undefined ? { status: 'empty' } : { status: 'ready', file: first };
  }
  if (listed !== undefined) return { status: 'ready', file: listed };
  if (detail.isPending) return { status: 'loading' };
  if (detail.isError) return { status: 'error', error: detail.error, retry: () => void detail.refetch() };
  return { status: 'ready', file: detail.data };
}

/** The internal id of the file on the canvas, or null while none is resolved. */
export function useCurrentFileId(): number | null {
  const current = useCurrentFile();
  return current.status === 'ready' ? current.file.id : null;
}
