/** Files endpoints (CDF-API.md §3): list the project's images, resolve one, get its download link and thumbnail. */
import type { CdfClient } from './client';
import {
  SEGMENTABLE_MIME_TYPES,
  downloadLinkResponseSchema,
  fileByIdsResponseSchema,
  fileListResponseSchema,
  type FileInfo,
} from '../../contract';
import { CdfError } from './errors';

/** How the app names a file: CDF internal id or externalId (the URL's `fileId` / `fileExternalId`). */
export type FileRef = { id: number } | { externalId: string };

export const fileRefKey = (ref: FileRef): string => ('id' in ref ? `id:${ref.id}` : `externalId:${ref.externalId}`);

/** Files CDF can segment (and the browser can decode): JPEG and PNG. */
export const isSegmentableImage = (file: FileInfo): boolean =>
  (SEGMENTABLE_MIME_TYPES as readonly string[]).includes(file.mimeType ?? '');

const PAGE_LIMIT = 1000;
/** Upper bound on listed images, so a huge project cannot stall the first paint; the list says when it is cut. */
export const MAX_LISTED_IMAGES = 2000;

export interface ImageFileList {
  files: FileInfo[];
  /** True when more images exist than were listed. */
  truncated: boolean;
}

/**
 * Lists uploaded JPEG and PNG files. `files/list` has no OR over mime types, so this makes one paged listing per type
 * (in parallel) and merges them, sorted by name then id so the order is stable between runs.
 */
export async function listImageFiles(client: CdfClient, signal: AbortSignal): Promise<ImageFileList> {
  const perType = await Promise.all(SEGMENTABLE_MIME_TYPES.map((mimeType) => listByMimeType(client, mimeType, signal)));
  const files = perType.flatMap((result) => result.files);
  files.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  const truncated = perType.some((result) => result.truncated) || files.length > MAX_LISTED_IMAGES;
  return { files: files.slice(0, MAX_LISTED_IMAGES), truncated };
}

async function listByMimeType(client: CdfClient, mimeType: string, signal: AbortSignal): Promise<ImageFileList> {
  const files: FileInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.requestJson(
      {
        method: 'POST',
        path: 'files/list',
        body: { filter: { mimeType, uploaded: true }, limit: PAGE_LIMIT, ...(cursor === undefined ? {} : { cursor }) },
        signal,
      },
      fileListResponseSchema,
    );
    files.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && files.length < MAX_LISTED_IMAGES);
  return { files, truncated: cursor !== undefined };
}

/** Resolves one file's metadata; an unknown id is CDF's 400 with `missing`, surfaced as a CdfError. */
export async function retrieveFile(client: CdfClient, ref: FileRef, signal: AbortSignal): Promise<FileInfo> {
  const response = await client.requestJson(
    { method: 'POST', path: 'files/byids', body: { items: [ref], ignoreUnknownIds: false }, signal },
    fileByIdsResponseSchema,
  );
  const file = response.items[0];
  if (file === undefined) {
    throw new CdfError({ kind: 'invalid-response', message: 'files/byids answered with no item for the requested file.', method: 'POST', url: `${client.baseUrl}/files/byids` });
  }
  return file;
}

/** A presigned URL for the file's bytes, valid for an hour (`extendedExpiration`), fetched without a token. */
export async function getDownloadUrl(client: CdfClient, fileId: number, signal: AbortSignal): Promise<string> {
  const response = await client.requestJson(
    { method: 'POST', path: 'files/downloadlink', query: { extendedExpiration: true }, body: { items: [{ id: fileId }] }, signal },
    downloadLinkResponseSchema,
  );
  const link = response.items.find((item) => item.id === fileId) ?? response.items[0];
  if (link === undefined) {
    throw new CdfError({ kind: 'invalid-response', message: 'files/downloadlink answered with no link.', method: 'POST', url: `${client.baseUrl}/files/downloadlink` });
  }
  return link.downloadUrl;
}

/** The file's JPEG thumbnail. It needs the token, so it is fetched as a blob rather than used as an `<img src>`. */
export function fetchFileIcon(client: CdfClient, fileId: number, signal: AbortSignal): Promise<Blob> {
  return client.requestBlob({ method: 'GET', path: 'files/icon', query: { id: fileId }, signal });
}

/**
 * Downloads the bytes behind a presigned download URL: a plain GET with no Authorization header (the URL is the
 * credential, and sending the CDF token to a storage host would leak it). `priority: 'low'` (fetch priority) for
 * prefetching, so it does not compete with what is on screen.
 */
export async function downloadFileBytes(
  downloadUrl: string,
  signal: AbortSignal,
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  priority: RequestPriority = 'auto',
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetchFn(downloadUrl, priority === 'auto' ? { signal } : { signal, priority });
  } catch (cause) {
    if (signal.aborted) throw signal.reason ?? cause;
    throw new CdfError({
      kind: 'network',
      message: `Cannot download the image from ${new URL(downloadUrl).origin}: the storage host did not answer or blocked the request (CORS).`,
      method: 'GET',
      url: downloadUrl,
      cause,
    });
  }
  if (!response.ok) {
    throw new CdfError({
      kind: 'http',
      status: response.status,
      message: `The image download failed: HTTP ${response.status} ${response.statusText}`.trim(),
      requestId: response.headers.get('x-request-id') ?? undefined,
      method: 'GET',
      url: downloadUrl,
    });
  }
  return response.blob();
}


/**
 * Where the canvas gets an image from: its bytes (the normal case), or only its URL when the storage host does not
 * allow the cross-origin read (CORS on a real CDF bucket is not documented). An `<img>` without CORS can still show
 * the URL; the canvas is then "tainted", which only matters for reading pixels back, which the app does not do.
 */
export type ImageSource = { readonly kind: 'bytes'; readonly blob: Blob } | { readonly kind: 'url'; readonly url: string };

export async function fetchImageSource(downloadUrl: string, signal: AbortSignal, fetchFn?: typeof fetch, priority?: RequestPriority): Promise<ImageSource> {
  try {
    return { kind: 'bytes', blob: await downloadFileBytes(downloadUrl, signal, fetchFn, priority) };
  } catch (error) {
    // A network-level failure of the download is most often CORS: let the browser try it as a plain image.
    if (error instanceof CdfError && error.kind === 'network') return { kind: 'url', url: downloadUrl };
    throw error;
  }
}
