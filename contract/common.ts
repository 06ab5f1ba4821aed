/**
 * Schemas shared by the app's CDF client (to parse responses) and the emulator (to validate requests and build
 * responses), written from Cognite's OpenAPI document (`contract/openapi/cdf-openapi-subset.json`). One module, so the
 * two sides cannot drift apart silently.
 *
 * Response schemas are lenient where CDF may add fields (unknown keys are stripped, not rejected); request schemas
 * are strict about ranges and carry messages that name the offending field.
 */
import { z } from 'zod';

/** CDF internal ids are int64 in 1..2^53-1. */
export const cogniteInternalIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const cogniteExternalIdSchema = z.string().min(1).max(255);
/** Milliseconds since the Unix epoch. */
export const epochMsSchema = z.number().int().min(0);

export const instanceIdSchema = z.object({
  space: z.string().min(1).max(43),
  externalId: z.string().min(1).max(255),
});
export type InstanceId = z.infer<typeof instanceIdSchema>;

/** `{"error": {"code", "message", "missing"?, "duplicated"?}}`: the body of every CDF error response. */
export const cdfErrorBodySchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string(),
    missing: z.array(z.record(z.string(), z.unknown())).optional(),
    duplicated: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});
export type CdfErrorBody = z.infer<typeof cdfErrorBodySchema>;
