/**
 * Query-options factories for the files feature; keys go from general to specific and start with the CDF scope
 * (base URL and project) so two configurations never share cache entries. Segment-job queries live with the
 * segmentation feature and should start with `cdfScope(client)` too.
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import type { CdfClient } from './client';
import { fetchFileIcon, fetchImageSource, fileRefKey, getDownloadUrl, listImageFiles, retrieveFile, type FileRef } from './files';

export const cdfScope = (client: CdfClient) => ['cdf', client.baseUrl, client.project] as const;

export const fileKeys = {
  all: (client: CdfClient) => [...cdfScope(client), 'files'] as const,
  imageList: (client: CdfClient) => [...fileKeys.all(client), 'image-list'] as const,
  detail: (client: CdfClient, ref: FileRef | null) => [...fileKeys.all(client), 'detail', ref === null ? 'none' : fileRefKey(ref)] as const,
  icon: (client: CdfClient, fileId: number) => [...fileKeys.all(client), 'icon', fileId] as const,
  content: (client: CdfClient, fileId: number | null) => [...fileKeys.all(client), 'content', fileId ?? 'none'] as const,
};

const LIST_STALE_MS = 60_000;
/** Image bytes can be megabytes: drop them soon after the canvas stops showing that file. */
const CONTENT_GC_MS = 30_000;

export const fileQueries = {
  imageList: (client: CdfClient) =>
    queryOptions({
      queryKey: fileKeys.imageList(client),
      queryFn: ({ signal }) => listImageFiles(client, signal),
      staleTime: LIST_STALE_MS,
    }),
  detail: (client: CdfClient, ref: FileRef | null) =>
    queryOptions({
      queryKey: fileKeys.detail(client, ref),
      queryFn: ref === null ? skipToken : ({ signal }) => retrieveFile(client, ref, signal),
      staleTime: LIST_STALE_MS,
    }),
  /** Thumbnails do not change for a file id within a session. */
  icon: (client: CdfClient, fileId: number) =>
    queryOptions({
      queryKey: fileKeys.icon(client, fileId),
      queryFn: ({ signal }) => fetchFileIcon(client, fileId, signal),
      staleTime: Infinity,
    }),
  /**
   * The file's content: a fresh download link (valid an hour), then its bytes (see `fetchImageSource`). Prefetching a
   * neighbour asks for `priority: 'low'`; the same key either way, so a switch picks up the prefetched bytes.
   */
  content: (client: CdfClient, fileId: number | null, priority: RequestPriority = 'auto') =>
    queryOptions({
      queryKey: fileKeys.content(client, fileId),
      queryFn:
        fileId === null ? skipToken : async ({ signal }) => fetchImageSource(await getDownloadUrl(client, fileId, signal), signal, undefined, priority),
      staleTime: Infinity,
      gcTime: CONTENT_GC_MS,
      // Every download is a new source object, even with the same link: a retry after a failed decode decodes again.
      structuralSharing: false,
    }),
};
