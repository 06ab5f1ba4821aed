/**
 * Annotations endpoints (CDF-API.md §4) over the one CDF client: create, list a file's annotations (all pages), byids,
 * status update, delete. Responses are parsed with the contract's schemas. The client retries 429 for all of these;
 * a 5xx is retried by the client only where repeating cannot do anything twice, so a 5xx on `POST /annotations`
 * reaches the caller (the outbox), which finds out whether the create landed before sending it again.
 */
import {
  MAX_ANNOTATION_ITEMS_PER_REQUEST,
  annotationItemsResponseSchema,
  annotationListResponseSchema,
  type Annotation,
  type AnnotationCreateItem,
  type AnnotationStatus,
} from '../../contract';
import type { CdfClient } from './client';

export interface AnnotationListFilter {
  /** Narrows to annotations made by one app (`creatingApp`), e.g. when looking for this app's own save markers. */
  creatingApp?: string;
  annotationType?: string;
}

/** Creates up to 1000 annotations in one call; returns them with their ids, in request order. */
export async function createAnnotations(client: CdfClient, items: readonly AnnotationCreateItem[], signal: AbortSignal): Promise<Annotation[]> {
  checkBatchSize(items.length);
  const response = await client.requestJson({ method: 'POST', path: 'annotations', body: { items }, signal }, annotationItemsResponseSchema);
  return response.items;
}

/** Every annotation of one file (following `nextCursor` until the end), optionally narrowed by `filter`. */
export function listFileAnnotations(client: CdfClient, fileId: number, signal: AbortSignal, filter: AnnotationListFilter = {}): Promise<Annotation[]> {
  return listAnnotationsOfFiles(client, [fileId], signal, filter);
}

/**
 * Every annotation of these files: `annotatedResourceIds` takes at most 1000 ids, so the files go in chunks of 1000,
 * each listed to its last page. For the image list's counts and the labels already used in the project.
 */
export async function listAnnotationsOfFiles(
  client: CdfClient,
  fileIds: readonly number[],
  signal: AbortSignal,
  filter: AnnotationListFilter = {},
): Promise<Annotation[]> {
  const annotations: Annotation[] = [];
  for (let start = 0; start < fileIds.length; start += MAX_ANNOTATION_ITEMS_PER_REQUEST) {
    const chunk = fileIds.slice(start, start + MAX_ANNOTATION_ITEMS_PER_REQUEST);
    let cursor: string | undefined;
    do {
      const page = await client.requestJson(
        {
          method: 'POST',
          path: 'annotations/list',
          body: {
            filter: { annotatedResourceType: 'file', annotatedResourceIds: chunk.map((id) => ({ id })), ...filter },
            limit: MAX_ANNOTATION_ITEMS_PER_REQUEST,
            ...(cursor === undefined ? {} : { cursor }),
          },
          signal,
        },
        annotationListResponseSchema,
      );
      annotations.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return annotations;
}

/** The annotations with these ids; unknown ids are skipped when `ignoreUnknownIds`, else CDF answers 400 with `missing`. */
export async function retrieveAnnotations(
  client: CdfClient,
  ids: readonly number[],
  signal: AbortSignal,
  options: { ignoreUnknownIds?: boolean } = {},
): Promise<Annotation[]> {
  checkBatchSize(ids.length);
  const response = await client.requestJson(
    { method: 'POST', path: 'annotations/byids', body: { items: ids.map((id) => ({ id })), ignoreUnknownIds: options.ignoreUnknownIds ?? false }, signal },
    annotationItemsResponseSchema,
  );
  return response.items;
}

/** Sets the status of annotations (`approved`, `suggested`, `rejected`); returns them as updated. */
export async function updateAnnotationStatus(
  client: CdfClient,
  changes: ReadonlyArray<{ id: number; status: AnnotationStatus }>,
  signal: AbortSignal,
): Promise<Annotation[]> {
  checkBatchSize(changes.length);
  const items = changes.map(({ id, status }) => ({ id, update: { status: { set: status } } }));
  const response = await client.requestJson({ method: 'POST', path: 'annotations/update', body: { items }, signal }, annotationItemsResponseSchema);
  return response.items;
}

/** Deletes annotations; an unknown id makes CDF answer 400 with `missing` (a CdfError), nothing deleted. */
export async function deleteAnnotations(client: CdfClient, ids: readonly number[], signal: AbortSignal): Promise<void> {
  checkBatchSize(ids.length);
  // The spec gives the 200 no body (CDF sends `{}`): read it as bytes so an empty answer is not a parse error.
  await client.requestBlob({ method: 'POST', path: 'annotations/delete', body: { items: ids.map((id) => ({ id })) }, signal });
}

function checkBatchSize(count: number): void {
  if (count < 1 || count > MAX_ANNOTATION_ITEMS_PER_REQUEST) throw new RangeError(`An annotations call takes 1 to ${MAX_ANNOTATION_ITEMS_PER_REQUEST} items, got ${count}.`);
}
