/**
 * Annotations API shapes (CDF-API.md §4; OpenAPI `AnnotationsV2CreateSchema`, `AnnotationsV2SuggestSchema`,
 * `AnnotationsV2FilterSchema`, `AnnotationsV2UpdateItemSchema`, `AnnotationsV2ReferenceSchema`,
 * `AnnotationsV2ResponseSchema`, `AnnotationsV2CursoredListResponseSchema`). Requests are strict and name the bad
 * field; responses are lenient (unknown keys stripped, any annotation type accepted) so that annotations other tools
 * put on the same file never make a listing unreadable.
 */
import { z } from 'zod';
import {
  classificationDataSchema,
  keypointCollectionDataSchema,
  objectDetectionDataSchema,
  textRegionDataSchema,
} from './annotationData';
import { cogniteExternalIdSchema, cogniteInternalIdSchema, epochMsSchema } from './common';

/** OpenAPI `AnnotationType`: every type CDF knows. */
export const ANNOTATION_TYPES = [
  'pointcloud.BoundingVolume',
  'images.Classification',
  'forms.Detection',
  'documents.ExtractedText',
  'diagrams.FileLink',
  'isoplan.IsoPlanAnnotation',
  'diagrams.Junction',
  'images.KeypointCollection',
  'diagrams.Line',
  'images.ObjectDetection',
  'images.TextRegion',
  'diagrams.UnhandledSymbolObject',
  'diagrams.UnhandledTextObject',
  'diagrams.AssetLink',
  'diagrams.InstanceLink',
  'images.AssetLink',
  'images.InstanceLink',
] as const;
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];

/** The types whose `data` this contract models (and the emulator therefore accepts), with the schema of each. */
export const annotationDataSchemas = {
  'images.ObjectDetection': objectDetectionDataSchema,
  'images.Classification': classificationDataSchema,
  'images.KeypointCollection': keypointCollectionDataSchema,
  'images.TextRegion': textRegionDataSchema,
} as const;
export type ModelledAnnotationType = keyof typeof annotationDataSchemas;
export const MODELLED_ANNOTATION_TYPES = Object.keys(annotationDataSchemas) as ModelledAnnotationType[];

export const isModelledAnnotationType = (type: string): type is ModelledAnnotationType =>
  Object.hasOwn(annotationDataSchemas, type);

function annotationTypeMessage(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  if (typeof value === 'string' && (ANNOTATION_TYPES as readonly string[]).includes(value)) {
    return `annotationType ${text} is a CDF type whose data this service does not model; use one of ${MODELLED_ANNOTATION_TYPES.join(', ')}`;
  }
  return `annotationType must be one of ${MODELLED_ANNOTATION_TYPES.join(', ')} (got ${text})`;
}

/** A modelled annotation type, with a message that tells an unknown type from a known but unmodelled one. */
export const annotationTypeSchema = z.custom<ModelledAnnotationType>(
  (value) => typeof value === 'string' && isModelledAnnotationType(value),
  { error: (issue) => annotationTypeMessage(issue.input) },
);

export const ANNOTATION_STATUSES = ['suggested', 'approved', 'rejected'] as const;
export const annotationStatusSchema = z.enum(ANNOTATION_STATUSES, {
  error: `status must be one of ${ANNOTATION_STATUSES.join(', ')}`,
});
export type AnnotationStatus = z.infer<typeof annotationStatusSchema>;

export const annotatedResourceTypeSchema = z.enum(['file', 'threedmodel'], {
  error: 'annotatedResourceType must be "file" or "threedmodel"',
});

const text255 = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .min(1, `${field} must hold 1 to 255 characters`)
    .max(255, `${field} must hold 1 to 255 characters`);

/** An internal id (int64 in 1..2^53-1) with a message naming its field. */
const internalId = (field: string) =>
  z
    .number({ error: `${field} must be an integer id` })
    .int(`${field} must be an integer id`)
    .min(1, `${field} must be between 1 and 2^53-1`)
    .max(Number.MAX_SAFE_INTEGER, `${field} must be between 1 and 2^53-1`);

/** The fields every suggested or created annotation carries besides its type and data. */
const suggestFields = {
  annotatedResourceType: annotatedResourceTypeSchema,
  annotatedResourceId: internalId('annotatedResourceId'),
  creatingApp: text255('creatingApp'),
  creatingAppVersion: text255('creatingAppVersion'),
  /** Required; `null` means the annotation was created by a service. */
  creatingUser: z
    .string({ error: 'creatingUser is required: a string, or null for a service' })
    .min(1, 'creatingUser must hold 1 to 255 characters')
    .max(255, 'creatingUser must hold 1 to 255 characters')
    .nullable(),
};

/** One strict object per modelled type, told apart by `annotationType`, so `data` is checked against its type. */
function itemsByType<Extra extends z.core.$ZodLooseShape>(extra: Extra) {
  const variant = <Type extends ModelledAnnotationType>(type: Type) =>
    z
      .object({ ...suggestFields, ...extra, annotationType: z.literal(type), data: annotationDataSchemas[type] })
      .strict();
  return z.discriminatedUnion(
    'annotationType',
    [
      variant('images.ObjectDetection'),
      variant('images.Classification'),
      variant('images.KeypointCollection'),
      variant('images.TextRegion'),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' && typeof issue.input === 'object' && issue.input !== null
          ? annotationTypeMessage((issue.input as Record<string, unknown>)['annotationType'])
          : 'each item must be an object',
    },
  );
}

/** OpenAPI `AnnotationsV2SuggestSchema`: the status is forced to `suggested`. */
export const annotationSuggestItemSchema = itemsByType({});
export type AnnotationSuggestItem = z.infer<typeof annotationSuggestItemSchema>;

/** OpenAPI `AnnotationsV2CreateSchema` = the suggest item plus a required `status`. */
export const annotationCreateItemSchema = itemsByType({ status: annotationStatusSchema });
export type AnnotationCreateItem = z.infer<typeof annotationCreateItemSchema>;
export type ObjectDetectionCreateItem = Extract<AnnotationCreateItem, { annotationType: 'images.ObjectDetection' }>;

export const MAX_ANNOTATION_ITEMS_PER_REQUEST = 1000;
const itemsField = <Item extends z.ZodType>(item: Item, what: string) =>
  z
    .array(item, { error: `items must be an array of ${what}` })
    .min(1, `items must hold between 1 and ${MAX_ANNOTATION_ITEMS_PER_REQUEST} ${what}`)
    .max(MAX_ANNOTATION_ITEMS_PER_REQUEST, `items must hold between 1 and ${MAX_ANNOTATION_ITEMS_PER_REQUEST} ${what}`);

export const annotationCreateRequestSchema = z.object({ items: itemsField(annotationCreateItemSchema, 'annotations') }).strict();
export type AnnotationCreateRequest = z.infer<typeof annotationCreateRequestSchema>;

export const annotationSuggestRequestSchema = z
  .object({ items: itemsField(annotationSuggestItemSchema, 'annotations') })
  .strict();
export type AnnotationSuggestRequest = z.infer<typeof annotationSuggestRequestSchema>;

/** OpenAPI `AnnotationsV2ReferenceSchema`. */
export const annotationReferenceSchema = z
  .object({ id: internalId('id') })
  .strict();
export type AnnotationReference = z.infer<typeof annotationReferenceSchema>;

/** `/annotations/byids`; `ignoreUnknownIds` leaves out ids that do not exist instead of failing. */
export const annotationByIdsRequestSchema = z
  .object({
    items: itemsField(annotationReferenceSchema, 'annotation references'),
    ignoreUnknownIds: z.boolean({ error: 'ignoreUnknownIds must be a boolean' }).optional(),
  })
  .strict();
export type AnnotationByIdsRequest = z.infer<typeof annotationByIdsRequestSchema>;

/** `/annotations/delete`. */
export const annotationDeleteRequestSchema = z
  .object({ items: itemsField(annotationReferenceSchema, 'annotation references') })
  .strict();
export type AnnotationDeleteRequest = z.infer<typeof annotationDeleteRequestSchema>;

/** OpenAPI `AnnotationsV2UpdateDataSchema`: each field is a `{set}` delta. */
export const annotationUpdateSchema = z
  .object({
    status: z.object({ set: annotationStatusSchema }).strict().optional(),
    annotationType: z.object({ set: annotationTypeSchema }).strict().optional(),
    data: z
      .object({ set: z.record(z.string(), z.unknown(), { error: 'data.set must be an object' }) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((update, ctx) => {
    // With both given, the new data must fit the new type; with data alone, the stored type decides (the server).
    if (!update.annotationType || !update.data) return;
    const result = annotationDataSchemas[update.annotationType.set].safeParse(update.data.set);
    for (const issue of result.error?.issues ?? []) {
      ctx.addIssue({ ...issue, path: ['data', 'set', ...issue.path] });
    }
  });
export type AnnotationUpdate = z.infer<typeof annotationUpdateSchema>;

export const annotationUpdateItemSchema = z
  .object({ id: internalId('id'), update: annotationUpdateSchema })
  .strict();
export type AnnotationUpdateItem = z.infer<typeof annotationUpdateItemSchema>;

export const annotationUpdateRequestSchema = z
  .object({ items: itemsField(annotationUpdateItemSchema, 'updates') })
  .strict();
export type AnnotationUpdateRequest = z.infer<typeof annotationUpdateRequestSchema>;

/** OpenAPI `ResourceReference`: exactly one of `{id}` and `{externalId}`. */
export const annotatedResourceReferenceSchema = z.union([
  z.object({ id: cogniteInternalIdSchema }).strict(),
  z.object({ externalId: cogniteExternalIdSchema }).strict(),
]);
export type AnnotatedResourceReference = z.infer<typeof annotatedResourceReferenceSchema>;

/** OpenAPI `AnnotationsV2FilterSchema`; `data` matches annotations whose data contains it as a subset. */
export const annotationFilterSchema = z
  .object({
    annotatedResourceType: annotatedResourceTypeSchema,
    annotatedResourceIds: z
      .array(annotatedResourceReferenceSchema, { error: 'annotatedResourceIds must be an array of {id} or {externalId}' })
      .min(1, 'annotatedResourceIds must hold between 1 and 1000 references')
      .max(1000, 'annotatedResourceIds must hold between 1 and 1000 references'),
    annotationType: annotationTypeSchema.optional(),
    creatingApp: text255('creatingApp').optional(),
    creatingAppVersion: text255('creatingAppVersion').optional(),
    creatingUser: text255('creatingUser').nullable().optional(),
    status: annotationStatusSchema.optional(),
    data: z.record(z.string(), z.unknown(), { error: 'data must be an object' }).optional(),
  })
  .strict();
export type AnnotationFilter = z.infer<typeof annotationFilterSchema>;

export const DEFAULT_ANNOTATION_LIST_LIMIT = 25;
export const annotationListRequestSchema = z
  .object({
    filter: annotationFilterSchema,
    limit: z
      .number({ error: 'limit must be an integer between 1 and 1000' })
      .int('limit must be an integer between 1 and 1000')
      .min(1, 'limit must be an integer between 1 and 1000')
      .max(1000, 'limit must be an integer between 1 and 1000')
      .optional(),
    cursor: z.string().min(1, 'cursor must not be empty').max(255, 'cursor is at most 255 characters').nullable().optional(),
  })
  .strict();
export type AnnotationListRequest = z.infer<typeof annotationListRequestSchema>;

/** OpenAPI `AnnotationsV2ResponseSchema`, read leniently: `data` is checked per type by whoever uses it. */
export const annotationSchema = z.object({
  id: cogniteInternalIdSchema,
  createdTime: epochMsSchema,
  lastUpdatedTime: epochMsSchema,
  annotatedResourceType: z.string(),
  annotatedResourceId: cogniteInternalIdSchema,
  annotationType: z.string(),
  creatingApp: z.string(),
  creatingAppVersion: z.string(),
  creatingUser: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  status: annotationStatusSchema,
});
export type Annotation = z.infer<typeof annotationSchema>;

/** Create, suggest, byids and update answer `{items}`. */
export const annotationItemsResponseSchema = z.object({ items: z.array(annotationSchema) });
export type AnnotationItemsResponse = z.infer<typeof annotationItemsResponseSchema>;

/** `/annotations/list` answers `{items, nextCursor}`; `nextCursor` is null or absent on the last page. */
export const annotationListResponseSchema = z.object({
  items: z.array(annotationSchema),
  nextCursor: z.string().nullish(),
});
export type AnnotationListResponse = z.infer<typeof annotationListResponseSchema>;
