/**
 * Vision segment job shapes (CDF-API.md §1; OpenAPI `VisionSegmentPostRequestSchema`, `VisionSegmentPostResponse`,
 * `VisionSegmentGetResponse`). Coordinates are normalized to [0,1] of image width/height, origin top-left.
 */
import { z } from 'zod';
import { cogniteInternalIdSchema, epochMsSchema, instanceIdSchema } from './common';

const unitInterval = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, `${field} must be between 0 and 1`)
    .max(1, `${field} must be between 0 and 1`);

/** label 1 = positive (foreground, the default), 0 = negative (background). */
export const segmentPointSchema = z.object({
  x: unitInterval('x'),
  y: unitInterval('y'),
  label: z.union([z.literal(0), z.literal(1)], { error: 'label must be 0 or 1' }).optional(),
});
export type SegmentPoint = z.infer<typeof segmentPointSchema>;

export const segmentBoundingBoxSchema = z.object({
  xMin: unitInterval('xMin'),
  yMin: unitInterval('yMin'),
  xMax: unitInterval('xMax'),
  yMax: unitInterval('yMax'),
});
export type SegmentBoundingBox = z.infer<typeof segmentBoundingBoxSchema>;

export const segmentFileReferenceSchema = z.union([
  z.object({ fileId: cogniteInternalIdSchema }).strict(),
  z.object({ fileExternalId: z.string().min(1).max(255) }).strict(),
  z.object({ fileInstanceId: instanceIdSchema }).strict(),
]);
export type SegmentFileReference = z.infer<typeof segmentFileReferenceSchema>;

/**
 * The request body as Cognite's schema states it. Cross-field rules (exactly one item, points or box present, unique
 * points, xMin < xMax) are checked by the emulator's validator so each can name its own field in the message.
 */
export const segmentJobRequestSchema = z.object({
  items: z.array(segmentFileReferenceSchema),
  points: z.array(segmentPointSchema).optional(),
  boundingBox: segmentBoundingBoxSchema.optional(),
});
export type SegmentJobRequest = z.infer<typeof segmentJobRequestSchema>;

export const JOB_STATUSES = ['Queued', 'Running', 'Completed', 'Failed'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;
export const isTerminalJobStatus = (status: JobStatus): boolean => status === 'Completed' || status === 'Failed';

/** `VisionAllOfFileId`: the file the job ran on, always resolved to its internal id. */
export const jobFileItemSchema = z.object({
  fileId: cogniteInternalIdSchema,
  fileExternalId: z.string().optional(),
  fileInstanceId: instanceIdSchema.optional(),
});

const statusFields = {
  status: jobStatusSchema,
  createdTime: epochMsSchema,
  startTime: epochMsSchema,
  statusTime: epochMsSchema,
  errorMessage: z.string().nullish(),
};

export const segmentJobCreatedSchema = z.object({
  ...statusFields,
  jobId: z.number().int(),
  items: z.array(jobFileItemSchema),
  points: z.array(segmentPointSchema).optional(),
  boundingBox: segmentBoundingBoxSchema.optional(),
});
export type SegmentJobCreated = z.infer<typeof segmentJobCreatedSchema>;

/** A vertex in normalized image coordinates; CDF serializes `confidence: null`. */
export const polygonVertexSchema = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1).nullish(),
});
export type PolygonVertex = z.infer<typeof polygonVertexSchema>;

/** A closed polygon of 3–1000 vertices; the first vertex is not repeated at the end. */
export const polygonSchema = z.object({
  vertices: z.array(polygonVertexSchema).min(3).max(1000),
  confidence: z.number().min(0).max(1).nullish(),
});
export type Polygon = z.infer<typeof polygonSchema>;

/** One candidate mask: its score and one polygon per connected part (CDF polygons carry no holes). */
export const segmentSchema = z.object({
  score: z.number().min(0).max(1),
  polygons: z.array(polygonSchema),
});
export type Segment = z.infer<typeof segmentSchema>;

export const segmentResultItemSchema = z.object({
  fileId: cogniteInternalIdSchema,
  fileExternalId: z.string().optional(),
  segments: z.array(segmentSchema),
});

export const failedBatchSchema = z.object({
  errorMessage: z.string().optional(),
  items: z.array(jobFileItemSchema).optional(),
});

export const segmentPromptSchema = z.object({
  points: z.array(segmentPointSchema).optional(),
  boundingBox: segmentBoundingBoxSchema.optional(),
});

export const segmentJobSchema = z.object({
  ...statusFields,
  jobId: z.number().int(),
  items: z.array(segmentResultItemSchema),
  prompt: segmentPromptSchema,
  failedItems: z.array(failedBatchSchema).optional(),
});
export type SegmentJob = z.infer<typeof segmentJobSchema>;
