/**
 * The `data` block of image annotations (CDF-API.md §4.1; OpenAPI `Annotations.ObjectDetection`,
 * `Annotations.Classification`, `Annotations.KeypointCollection`, `Annotations.TextRegion` and their primitives).
 * Every one of these is `additionalProperties: false` in Cognite's schema, so the request shapes here are strict.
 * Coordinates are normalized to [0,1] of the image's width/height, origin top-left.
 */
import { z } from 'zod';

const unitInterval = (field: string) =>
  z
    .number({ error: `${field} must be a number between 0 and 1` })
    .min(0, `${field} must be between 0 and 1`)
    .max(1, `${field} must be between 0 and 1`);

const confidenceField = unitInterval('confidence').optional();

/** OpenAPI `Annotations.Point`: a vertex in normalized image coordinates. */
export const normalizedVertexSchema = z
  .object({ x: unitInterval('x'), y: unitInterval('y'), confidence: confidenceField })
  .strict();
export type NormalizedVertex = z.infer<typeof normalizedVertexSchema>;

/** OpenAPI `Annotations.Polygon`: closed implicitly, so the first vertex is not repeated at the end. */
export const MAX_POLYGON_VERTICES = 1000;
export const annotationPolygonSchema = z
  .object({
    vertices: z
      .array(normalizedVertexSchema, { error: 'vertices must be an array of {x, y} points' })
      .min(3, 'a polygon needs at least 3 vertices')
      .max(MAX_POLYGON_VERTICES, `a polygon holds at most ${MAX_POLYGON_VERTICES} vertices`),
    confidence: confidenceField,
  })
  .strict();
export type AnnotationPolygon = z.infer<typeof annotationPolygonSchema>;

/** OpenAPI `Annotations.PolyLine`: an open chain of 2–1000 vertices. */
export const annotationPolylineSchema = z
  .object({
    vertices: z
      .array(normalizedVertexSchema, { error: 'vertices must be an array of {x, y} points' })
      .min(2, 'a polyline needs at least 2 vertices')
      .max(MAX_POLYGON_VERTICES, `a polyline holds at most ${MAX_POLYGON_VERTICES} vertices`),
    confidence: confidenceField,
  })
  .strict();

/** OpenAPI `Annotations.BoundingBox`: min strictly below max on both axes. */
export const annotationBoundingBoxSchema = z
  .object({
    xMin: unitInterval('xMin'),
    xMax: unitInterval('xMax'),
    yMin: unitInterval('yMin'),
    yMax: unitInterval('yMax'),
    confidence: confidenceField,
  })
  .strict()
  .superRefine((box, ctx) => {
    if (box.xMin >= box.xMax) ctx.addIssue({ code: 'custom', path: ['xMax'], message: 'xMax must be greater than xMin' });
    if (box.yMin >= box.yMax) ctx.addIssue({ code: 'custom', path: ['yMax'], message: 'yMax must be greater than yMin' });
  });
export type AnnotationBoundingBox = z.infer<typeof annotationBoundingBoxSchema>;

const descriptionField = z.string().max(500, 'description holds at most 500 characters').optional();

/** OpenAPI `Annotations.Boolean` | `Annotations.Numerical`, told apart by `type`. */
export const annotationAttributeSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('boolean'), value: z.boolean(), description: descriptionField }).strict(),
    z.object({ type: z.literal('numerical'), value: z.number(), description: descriptionField }).strict(),
  ],
  { error: 'type must be "boolean" or "numerical"' },
);
const attributesField = z.record(z.string(), annotationAttributeSchema).optional();

const labelField = z
  .string({ error: 'label is required and must be a string' })
  .min(1, 'label must hold 1 to 128 characters')
  .max(128, 'label must hold 1 to 128 characters');

/** The three region fields of an object detection; Cognite's Python SDK states that exactly one is given. */
const REGION_FIELDS = ['boundingBox', 'polygon', 'polyline'] as const;

/** OpenAPI `Annotations.ObjectDetection`: a label, one region, and optionally a confidence and attributes. */
export const objectDetectionDataSchema = z
  .object({
    label: labelField,
    confidence: confidenceField,
    attributes: attributesField,
    boundingBox: annotationBoundingBoxSchema.optional(),
    polygon: annotationPolygonSchema.optional(),
    polyline: annotationPolylineSchema.optional(),
  })
  .strict()
  .superRefine((data, ctx) => {
    const given = REGION_FIELDS.filter((field) => data[field] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'exactly one of boundingBox, polygon, polyline is required' });
    } else if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ?? 'polygon'],
        message: `give exactly one of boundingBox, polygon, polyline, not both ${given.join(' and ')}`,
      });
    }
  });
export type ObjectDetectionData = z.infer<typeof objectDetectionDataSchema>;

/** OpenAPI `Annotations.Classification`. */
export const classificationDataSchema = z.object({ label: labelField, confidence: confidenceField }).strict();
export type ClassificationData = z.infer<typeof classificationDataSchema>;

/** OpenAPI `Annotations.KeypointCollection`: named keypoints of one object. */
export const keypointCollectionDataSchema = z
  .object({
    label: labelField,
    confidence: confidenceField,
    attributes: attributesField,
    keypoints: z.record(
      z.string(),
      z.object({ point: normalizedVertexSchema, confidence: confidenceField, attributes: attributesField }).strict(),
      { error: 'keypoints must be an object mapping names to {point}' },
    ),
  })
  .strict();
export type KeypointCollectionData = z.infer<typeof keypointCollectionDataSchema>;

/** OpenAPI `Annotations.TextRegion`: text read from a box of the image. */
export const textRegionDataSchema = z
  .object({
    text: z
      .string({ error: 'text is required and must be a string' })
      .min(1, 'text must hold 1 to 128 characters')
      .max(128, 'text must hold 1 to 128 characters'),
    textRegion: annotationBoundingBoxSchema,
    confidence: confidenceField,
  })
  .strict();
export type TextRegionData = z.infer<typeof textRegionDataSchema>;

/**
 * What the app reads back: the same object detection, lenient (unknown keys stripped, `null` where CDF serializes a
 * default), so a field CDF adds later does not make a saved annotation unreadable.
 */
const vertexResponseSchema = z.object({ x: z.number(), y: z.number(), confidence: z.number().nullish() });
export const objectDetectionDataResponseSchema = z.object({
  label: z.string(),
  confidence: z.number().nullish(),
  attributes: z.record(z.string(), z.object({ type: z.string(), value: z.unknown() })).nullish(),
  boundingBox: z
    .object({ xMin: z.number(), xMax: z.number(), yMin: z.number(), yMax: z.number(), confidence: z.number().nullish() })
    .nullish(),
  polygon: z.object({ vertices: z.array(vertexResponseSchema), confidence: z.number().nullish() }).nullish(),
  polyline: z.object({ vertices: z.array(vertexResponseSchema), confidence: z.number().nullish() }).nullish(),
});
export type ObjectDetectionDataResponse = z.infer<typeof objectDetectionDataResponseSchema>;
