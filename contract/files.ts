/** Files API shapes (CDF-API.md §3; OpenAPI `FilesMetadata`, `FileLinkIds`, `DataWithLinks`, `FileFilterRequest`). */
import { z } from 'zod';
import { cogniteExternalIdSchema, cogniteInternalIdSchema, epochMsSchema, instanceIdSchema } from './common';

export const fileInfoSchema = z.object({
  id: cogniteInternalIdSchema,
  externalId: z.string().optional(),
  name: z.string(),
  directory: z.string().optional(),
  source: z.string().optional(),
  mimeType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  assetIds: z.array(z.number().int()).optional(),
  dataSetId: z.number().int().optional(),
  sourceCreatedTime: epochMsSchema.optional(),
  sourceModifiedTime: epochMsSchema.optional(),
  securityCategories: z.array(z.number().int()).optional(),
  labels: z.array(z.object({ externalId: z.string() })).optional(),
  uploaded: z.boolean(),
  uploadedTime: epochMsSchema.optional(),
  createdTime: epochMsSchema,
  lastUpdatedTime: epochMsSchema,
  instanceId: instanceIdSchema.optional(),
});
export type FileInfo = z.infer<typeof fileInfoSchema>;

export const fileListResponseSchema = z.object({
  items: z.array(fileInfoSchema),
  nextCursor: z.string().optional(),
});
export type FileListResponse = z.infer<typeof fileListResponseSchema>;

export const fileByIdsResponseSchema = z.object({ items: z.array(fileInfoSchema) });

/** One of `{id}`, `{externalId}`, `{instanceId}` (OpenAPI `FileIdEither`). */
export const fileIdEitherSchema = z.union([
  z.object({ id: cogniteInternalIdSchema }).strict(),
  z.object({ externalId: cogniteExternalIdSchema }).strict(),
  z.object({ instanceId: instanceIdSchema }).strict(),
]);
export type FileIdEither = z.infer<typeof fileIdEitherSchema>;

export const fileListRequestSchema = z.object({
  filter: z
    .object({
      name: z.string().max(256).optional(),
      mimeType: z.string().max(256).optional(),
      externalIdPrefix: z.string().max(255).optional(),
      uploaded: z.boolean().optional(),
    })
    .optional(),
  limit: z.number().int().min(1, 'limit must be between 1 and 1000').max(1000, 'limit must be between 1 and 1000').optional(),
  cursor: z.string().optional(),
});
export type FileListRequest = z.infer<typeof fileListRequestSchema>;

export const downloadLinkItemSchema = z.object({
  downloadUrl: z.string(),
  id: cogniteInternalIdSchema.optional(),
  externalId: z.string().optional(),
  instanceId: instanceIdSchema.optional(),
});
export const downloadLinkResponseSchema = z.object({ items: z.array(downloadLinkItemSchema) });
export type DownloadLinkResponse = z.infer<typeof downloadLinkResponseSchema>;

/** `POST /files` response: FileInfo plus the URL to PUT the bytes to. */
export const fileUploadResponseSchema = fileInfoSchema.extend({ uploadUrl: z.string() });
export type FileUploadResponse = z.infer<typeof fileUploadResponseSchema>;

/** The image types the segment endpoint accepts (CDF-API.md §1.1). */
export const SEGMENTABLE_MIME_TYPES = ['image/png', 'image/jpeg'] as const;

/**
 * Request bodies the emulator validates (OpenAPI `ExternalFilesMetadata`, `FileDataIdsWithIgnoreUnknownIds`,
 * `FileLinkIds`). Strict, like CDF, which rejects unknown fields: a typo is an error, not a silent no-op.
 */
const fileMetadataFieldSchema = z
  .record(z.string().min(1).max(128), z.string().max(10_240))
  .refine((metadata) => Object.keys(metadata).length <= 256, 'metadata holds at most 256 key-value pairs');

export const fileCreateRequestSchema = z
  .object({
    externalId: cogniteExternalIdSchema.optional(),
    name: z.string({ error: 'name is required and must be a string' }).min(1).max(256),
    directory: z.string().max(512).optional(),
    source: z.string().max(128).optional(),
    mimeType: z.string().max(256).optional(),
    metadata: fileMetadataFieldSchema.optional(),
    assetIds: z.array(cogniteInternalIdSchema).min(1).max(1000).optional(),
    dataSetId: cogniteInternalIdSchema.optional(),
    sourceCreatedTime: epochMsSchema.optional(),
    sourceModifiedTime: epochMsSchema.optional(),
    securityCategories: z.array(cogniteInternalIdSchema).max(100).optional(),
    labels: z.array(z.object({ externalId: cogniteExternalIdSchema }).strict()).max(10).optional(),
    geoLocation: z
      .object({
        type: z.literal('Feature'),
        geometry: z.object({ type: z.string(), coordinates: z.unknown() }).loose(),
        properties: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type FileCreateRequest = z.infer<typeof fileCreateRequestSchema>;

export const fileByIdsRequestSchema = z
  .object({
    items: z
      .array(fileIdEitherSchema)
      .min(1, 'items must hold between 1 and 1000 identifiers')
      .max(1000, 'items must hold between 1 and 1000 identifiers'),
    ignoreUnknownIds: z.boolean().optional(),
  })
  .strict();
export type FileByIdsRequest = z.infer<typeof fileByIdsRequestSchema>;

export const downloadLinkRequestSchema = z
  .object({
    items: z
      .array(fileIdEitherSchema)
      .min(1, 'items must hold between 1 and 100 identifiers')
      .max(100, 'items must hold between 1 and 100 identifiers'),
  })
  .strict();
export type DownloadLinkRequest = z.infer<typeof downloadLinkRequestSchema>;

/** `POST /files/delete` (CDF's `deleteFiles`): the files, their bytes and (emulator and CDF alike) their annotations. */
export const fileDeleteRequestSchema = z
  .object({
    items: z
      .array(fileIdEitherSchema)
      .min(1, 'items must hold between 1 and 1000 identifiers')
      .max(1000, 'items must hold between 1 and 1000 identifiers'),
  })
  .strict();
export type FileDeleteRequest = z.infer<typeof fileDeleteRequestSchema>;
