/**
 * Request schemas of the files routes, built from the shared contract (contract/files.ts). The contract's
 * list request is lenient (the app builds it); here it is made strict so an unsupported filter is a 400 naming the
 * field instead of a silently unfiltered answer.
 */
import { z } from 'zod';
import { fileCreateRequestSchema, fileListRequestSchema } from '../../contract';

export const fileListBodySchema = fileListRequestSchema
  .extend({ filter: fileListRequestSchema.shape.filter.unwrap().strict().optional() })
  .strict();

/**
 * `geoLocation` as Cognite's `GeoLocation` schema defines it: a GeoJSON Feature whose geometry is one of six types with
 * correctly shaped coordinates. The shared contract accepts any `coordinates`; the emulator then stored and echoed
 * bodies that break the response schema (`coordinates: []` on a Point, found by http/robustness.test.ts).
 */
const position = z.tuple([z.number(), z.number()], { error: 'a position is an array of 2 numbers' });
const lineString = z.array(position).min(2, 'a line string needs at least 2 positions');
const polygon = z.array(lineString).min(2, 'a polygon needs at least 2 rings');
const geometrySchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: position }).strict(),
    z.object({ type: z.literal('LineString'), coordinates: lineString }).strict(),
    z.object({ type: z.literal('Polygon'), coordinates: polygon }).strict(),
    z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }).strict(),
    z.object({ type: z.literal('MultiLineString'), coordinates: z.array(lineString) }).strict(),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon) }).strict(),
  ],
  { error: 'geometry.type must be Point, LineString, Polygon, MultiPoint, MultiLineString or MultiPolygon' },
);
export const fileCreateBodySchema = fileCreateRequestSchema.extend({
  geoLocation: z
    .object({
      type: z.literal('Feature'),
      geometry: geometrySchema,
      properties: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .optional(),
});

const booleanQueryValue = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((value) => value === 'true');

const internalIdQueryValue = z
  .string()
  .regex(/^\d{1,16}$/, 'must be an integer between 1 and 9007199254740991')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(Number.MAX_SAFE_INTEGER, 'must be at most 9007199254740991'));

export const overwriteQuerySchema = z.object({ overwrite: booleanQueryValue.optional() });
export const downloadLinkQuerySchema = z.object({ extendedExpiration: booleanQueryValue.optional() });
export const fileIdParamsSchema = z.object({ id: internalIdQueryValue });

/** `GET /files/icon`: `id` or `externalId` (not both), or `space` + `instanceExternalId`. */
export const iconQuerySchema = z
  .object({
    id: internalIdQueryValue.optional(),
    externalId: z.string().min(1).max(255).optional(),
    space: z.string().min(1).max(43).optional(),
    instanceExternalId: z.string().min(1).max(255).optional(),
  })
  .superRefine((query, context) => {
    const forms = [
      query.id !== undefined,
      query.externalId !== undefined,
      query.space !== undefined || query.instanceExternalId !== undefined,
    ].filter(Boolean).length;
    if (forms !== 1) {
      context.addIssue({
        code: 'custom',
        message: 'give exactly one of id, externalId, or space together with instanceExternalId',
      });
    } else if ((query.space === undefined) !== (query.instanceExternalId === undefined)) {
      context.addIssue({ code: 'custom', message: 'space and instanceExternalId must be given together' });
    }
  });
