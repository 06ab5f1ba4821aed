/**
 * The body of `POST /_emulator/faults` (ARCHITECTURE.md, "Emulator test controls"). Strict: a fault the emulator does
 * not understand is a 400 naming the field, never silently ignored, so a test cannot pass because its fault was lost.
 * `times` left out means "until the faults are replaced or reset".
 */
import { z } from 'zod';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const;

const methodSchema = z
  .string()
  .transform((method) => method.toUpperCase())
  .pipe(z.enum(HTTP_METHODS, { error: `method must be one of ${HTTP_METHODS.join(', ')}` }));

const pathPatternSchema = z
  .string()
  .regex(/^\/[^?#\s]*$/, 'path must start with "/" and hold no query string or spaces')
  .refine((pattern) => pattern.split('/').every((segment) => segment === '*' || !segment.includes('*')), {
    message: '"*" must stand alone as a whole path segment',
  });

const timesSchema = z.number().int().min(1, 'times must be at least 1');

export const httpFaultSchema = z
  .object({
    type: z.literal('http'),
    method: methodSchema.optional(),
    path: pathPatternSchema,
    status: z.number().int().min(400, 'status must be 400-599').max(599, 'status must be 400-599'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'header names are letters, digits and "-"'), z.string()).optional(),
    message: z.string().min(1).optional(),
    times: timesSchema.optional(),
    /** Carry the request out in full, then replace only its answer: a response lost on the way back. */
    afterProcessing: z.boolean().optional(),
  })
  .strict();

export const malformedFaultSchema = z
  .object({
    type: z.literal('malformed'),
    method: methodSchema.optional(),
    path: pathPatternSchema,
    times: timesSchema.optional(),
  })
  .strict();

export const jobDelayFaultSchema = z
  .object({
    type: z.literal('job-delay'),
    delayMs: z.number().int().min(0).max(600_000, 'delayMs must be at most 600000'),
  })
  .strict();

export const jobFailureFaultSchema = z
  .object({
    type: z.literal('job-failure'),
    errorMessage: z.string().min(1),
    times: timesSchema.optional(),
  })
  .strict();

export const faultSchema = z.discriminatedUnion(
  'type',
  [httpFaultSchema, malformedFaultSchema, jobDelayFaultSchema, jobFailureFaultSchema],
  { error: 'type must be one of "http", "malformed", "job-delay", "job-failure"' },
);
export type Fault = z.infer<typeof faultSchema>;
export type HttpFault = z.infer<typeof httpFaultSchema>;
export type MalformedFault = z.infer<typeof malformedFaultSchema>;

export const faultsRequestSchema = z.object({ faults: z.array(faultSchema) }).strict();
export type FaultsRequest = z.infer<typeof faultsRequestSchema>;
