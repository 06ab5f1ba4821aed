/**
 * The Annotations API (CDF-API.md §4): create, suggest, list, byids, update, delete and GET by id. Requests are
 * validated with the shared contract (contract/annotations.ts), so the app and the emulator agree on every rule;
 * answers are typed against the contract's response shapes.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DEFAULT_ANNOTATION_LIST_LIMIT,
  annotationByIdsRequestSchema,
  annotationCreateRequestSchema,
  annotationDeleteRequestSchema,
  annotationListRequestSchema,
  annotationSuggestRequestSchema,
  annotationUpdateRequestSchema,
  type Annotation,
  type AnnotationItemsResponse,
  type AnnotationListResponse,
} from '../../contract';
import type { EmulatorContext } from '../context';
import { CdfHttpError } from '../http/errors';
import { parseOrThrow } from '../http/validation';

/** A path parameter arrives as text: digits only, then an internal id. */
const annotationIdParamsSchema = z.object({
  annotationId: z
    .string()
    .regex(/^\d{1,16}$/, 'annotationId must be an integer id')
    .transform(Number)
    .pipe(z.number().int().min(1, 'annotationId must be at least 1').max(Number.MAX_SAFE_INTEGER, 'annotationId is too large')),
});

export function registerAnnotationRoutes(app: FastifyInstance, context: EmulatorContext): void {
  const { annotations } = context;
  const base = '/api/v1/projects/:project/annotations';

  app.post(base, async (request, reply) => {
    const { items } = parseOrThrow(annotationCreateRequestSchema, request.body);
    const answer: AnnotationItemsResponse = { items: await annotations.create(items) };
    return reply.code(201).send(answer);
  });

  app.post(`${base}/suggest`, async (request, reply) => {
    const { items } = parseOrThrow(annotationSuggestRequestSchema, request.body);
    // Suggesting is creating with the status forced to "suggested" (annotationsAcl:SUGGEST in CDF).
    const created = await annotations.create(items.map((item) => ({ ...item, status: 'suggested' as const })));
    const answer: AnnotationItemsResponse = { items: created };
    return reply.code(201).send(answer);
  });

  app.post(`${base}/list`, (request): AnnotationListResponse => {
    const body = parseOrThrow(annotationListRequestSchema, request.body);
    return annotations.list(body.filter, body.limit ?? DEFAULT_ANNOTATION_LIST_LIMIT, body.cursor);
  });

  app.post(`${base}/byids`, (request): AnnotationItemsResponse => {
    const body = parseOrThrow(annotationByIdsRequestSchema, request.body);
    return { items: annotations.byIds(body.items.map((item) => item.id), body.ignoreUnknownIds ?? false) };
  });

  app.post(`${base}/update`, async (request): Promise<AnnotationItemsResponse> => {
    const { items } = parseOrThrow(annotationUpdateRequestSchema, request.body);
    return { items: await annotations.update(items) };
  });

  app.post(`${base}/delete`, async (request) => {
    const { items } = parseOrThrow(annotationDeleteRequestSchema, request.body);
    await annotations.delete(items.map((item) => item.id));
    // The spec documents a 200 with no schema; CDF sends an empty object, which the SDK's `delete` resolves to.
    return {};
  });

  app.get(`${base}/:annotationId`, (request): Annotation => {
    const { annotationId } = parseOrThrow(annotationIdParamsSchema, request.params, 'Path parameters');
    const annotation = annotations.get(annotationId);
    if (!annotation) {
      throw new CdfHttpError(400, `Annotations not found: id ${annotationId}`, { missing: [{ id: annotationId }] });
    }
    return annotation;
  });
}
