/**
 * Vision segment job shapes (CDF-API.md §1; OpenAPI `VisionSegmentPostRequestSchema`, `VisionSegmentPostResponse`,
 * `VisionSegmentGetResponse`). Coordinates are normalized to [0,1] of image width/height, origin top-left.
 */
import { z } from 'zod';
import { cogniteInternalIdSchema, epochMsSchema, instanceIdSchema } from './common';

const unitInterval = (field: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a number`) })
    .min(0, `${field} must be between 0 and 1`)
    .max(1, `${field} must be between 0 and 1`);

/** label 1 = positive (foreground, the default), 0 = negative (background). */
export const segmentPointSchema = z.object({
  x: unitInterval('x'),
  y: unitInterval('y'),
  label: z.literal([0, 1], { error: 'label must be 0 or 1' }).optional(),
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
 * A request's file reference: read as one strict object so that "two identifiers" and "none" get one message naming
 * the item, then narrowed to the `{fileId} | {fileExternalId} | {fileInstanceId}` the rest of the code works with.
 */
const segmentRequestItemSchema = z
  .object({
    fileId: z
      .number({ error: 'fileId must be an integer id' })
      .int('fileId must be an integer id')
      .min(1, `fileId must be between 1 and ${Number.MAX_SAFE_INTEGER}`)
      .max(Number.MAX_SAFE_INTEGER, `fileId must be between 1 and ${Number.MAX_SAFE_INTEGER}`)
      .optional(),
    fileExternalId: z
      .string({ error: 'fileExternalId must be a string of 1 to 255 characters' })
      .min(1, 'fileExternalId must be a string of 1 to 255 characters')
      .max(255, 'fileExternalId must be a string of 1 to 255 characters')
      .optional(),
    fileInstanceId: instanceIdSchema.strict().optional(),
  })
  .strict()
  .transform((item, ctx): SegmentFileReference => {
    const given = [item.fileId, item.fileExternalId, item.fileInstanceId].filter((value) => value !== undefined).length;
    if (given === 1 && item.fileId !== undefined) return { fileId: item.fileId };
    if (given === 1 && item.fileExternalId !== undefined) return { fileExternalId: item.fileExternalId };
    if (given === 1 && item.fileInstanceId !== undefined) return { fileInstanceId: item.fileInstanceId };
    ctx.addIssue({ code: 'custom', message: 'must have exactly one of fileId, fileExternalId or fileInstanceId' });
    return z.NEVER;
  });

/** Two points are the same when x, y and the label (defaulted to 1) are; the spec says `uniqueItems: true`. */
const pointKey = (point: SegmentPoint): string => `${point.x},${point.y},${point.label ?? 1}`;

/**
 * The request body as Cognite's schema states it (`VisionSegmentPostRequestSchema`), strict like CDF (a typo is an
 * error, not a silent no-op), with its cross-field rules: exactly one item, points and/or boundingBox, points unique,
 * points not empty without a box, xMin < xMax and yMin < yMax. Each rule names its field.
 */
export const segmentJobRequestSchema = z
  .object({
    items: z
      .array(segmentRequestItemSchema, {
        error: (issue) => (issue.input === undefined ? 'items is required' : 'items must be an array'),
      })
      .length(1, 'items must contain exactly 1 file reference'),
    points: z
      .array(z.object(segmentPointSchema.shape, { error: 'each point must be an object with x and y' }).strict(), {
        error: 'points must be an array',
      })
      .optional(),
    boundingBox: z
      .object(segmentBoundingBoxSchema.shape, { error: 'boundingBox must be an object with xMin, yMin, xMax and yMax' })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    const { points, boundingBox } = request;
    if (points === undefined && boundingBox === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'points and/or boundingBox is required' });
    }
    if (points !== undefined && points.length === 0 && boundingBox === undefined) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'points must not be empty when boundingBox is absent' });
    }
    const firstIndex = new Map<string, number>();
    points?.forEach((point, index) => {
      const first = firstIndex.get(pointKey(point));
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['points', index], message: `duplicates points[${first}]: points must be unique` });
      }
      firstIndex.set(pointKey(point), index);
    });
    if (boundingBox && boundingBox.xMin >= boundingBox.xMax) {
      ctx.addIssue({ code: 'custom', path: ['boundingBox', 'xMin'], message: 'xMin must be less than boundingBox.xMax' });
    }
    if (boundingBox && boundingBox.yMin >= boundingBox.yMax) {
      ctx.addIssue({ code: 'custom', path: ['boundingBox', 'yMin'], message: 'yMin must be less than boundingBox.yMax' });
    }
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
