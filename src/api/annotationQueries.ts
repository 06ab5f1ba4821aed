/**
 * Query options for annotations: one image's (the Annotations list and canvas) and the listed images' (the counts in
 * the image list, and the labels already used in the project for suggestions). Keys start with the CDF scope, so
 * `annotationKeys.all(client)` matches both (the app updates both in place when CDF confirms a write).
 */
import { queryOptions, skipToken } from '@tanstack/react-query';
import { listAnnotationsOfFiles, listFileAnnotations } from './annotations';
import type { CdfClient } from './client';
import { cdfScope } from './queries';

export const annotationKeys = {
  all: (client: CdfClient) => [...cdfScope(client), 'annotations'] as const,
  file: (client: CdfClient, fileId: number | null) => [...annotationKeys.all(client), 'file', fileId] as const,
  /** Every project-wide list, whatever its file ids. */
  filesAll: (client: CdfClient) => [...annotationKeys.all(client), 'files'] as const,
  files: (client: CdfClient, fileIds: readonly number[]) => [...annotationKeys.filesAll(client), fileIds] as const,
};

export const annotationQueries = {
  file: (client: CdfClient, fileId: number | null) =>
    queryOptions({
      queryKey: annotationKeys.file(client, fileId),
      queryFn: fileId === null ? skipToken : ({ signal }) => listFileAnnotations(client, fileId, signal),
    }),
  files: (client: CdfClient, fileIds: readonly number[] | null) =>
    queryOptions({
      queryKey: annotationKeys.files(client, fileIds ?? []),
      queryFn: fileIds === null ? skipToken : ({ signal }) => listAnnotationsOfFiles(client, fileIds, signal),
    }),
};
