/**
 * Validates response bodies against Cognite's own schemas: the OpenAPI subset kept in
 * `contract/openapi/cdf-openapi-subset.json` (its provenance is in `contract/openapi/SOURCE.md`). The file is kept
 * verbatim; the fixes below are applied in code.
 *
 * Use `assertMatchesResponse('FileResponse', body)` for a named `#/components/responses/<name>` (its
 * application/json schema), or `assertMatchesSchema('FilesMetadata', body)` for `#/components/schemas/<name>`.
 *
 * Schema quirks worked around, each applied in memory to the parsed document (see `patchQuirks`):
 * 1. `FileInternalId` and `FileExternalId` have no `required`, so any object matches both, and every `oneOf` over
 *    `FileIdEither` (download-link items) fails for every valid body. They get `required: ["id"]` / `["externalId"]`,
 *    as `FileInstanceId` already has.
 * 2. Fields documented with `default: null` (StatusSchema.errorMessage, Annotations.Point/Polygon.confidence) are
 *    typed as plain string/number, yet Cognite's own examples serialize `null` there. Such fields also accept null.
 * 3. `nullable: true` (OpenAPI 3.0 style, inert in 3.1) is honoured by adding "null" to the type.
 * 4. OpenAPI-only keywords (`example`, `discriminator`, `x-*`) are ignored (Ajv `strict: false`); `int32`, `int64`
 *    and `binary` formats are checked as ranges / accepted.
 * 5. `AnnotationData` is a `oneOf` over 17 data shapes that overlap (`{label}` is both an images.Classification and
 *    part of others; `{text, textRegion}` is both images.TextRegion and diagrams.UnhandledTextObject), so valid
 *    annotations fail "exactly one". The spec says the data is "decided by and validated against the
 *    `annotationType`": the `oneOf` becomes `anyOf`, and every schema with both fields checks `data` against the
 *    shape whose `title` is its `annotationType`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';

/** This file is `<root>/server/testing/openapi.ts`. */
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SPEC_PATH = path.resolve(REPOSITORY_ROOT, 'contract', 'openapi', 'cdf-openapi-subset.json');
const SPEC_ID = 'https://cdf-emulator.invalid/cdf-openapi-subset.json';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withNullType(schema: JsonObject): void {
  const { type } = schema;
  if (typeof type === 'string' && type !== 'null') schema.type = [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) schema.type = [...(type as unknown[]), 'null'];
}

/** Applies the workarounds listed in the module comment, in place. */
function patchQuirks(spec: JsonObject): void {
  const schemas = (spec.components as JsonObject).schemas as Record<string, JsonObject>;
  const requireKey = (name: string, key: string) => {
    const schema = schemas[name];
    if (!schema) throw new Error(`OpenAPI subset has no schema ${name}; update the quirk list in openapi.ts`);
    schema.required = [key];
  };
  // Quirk 1: without `required`, `{id}` matches both FileInternalId and FileExternalId (and `{externalId}` too), so
  // every `oneOf` over FileIdEither rejects every valid download-link item. FileInstanceId already has `required`.
  requireKey('FileInternalId', 'id');
  requireKey('FileExternalId', 'externalId');
  tieAnnotationDataToType(schemas);

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    // Quirk 2: `default: null` on a field typed string/number means Cognite sends null there (its own examples do),
    // so null must validate. Quirk 3: `nullable: true` is the OpenAPI 3.0 spelling of the same thing, which JSON
    // Schema 2020-12 (what Ajv checks) ignores; translate it to a "null" type.
    if (node.nullable === true || ('default' in node && node.default === null && 'type' in node)) withNullType(node);
    Object.values(node).forEach(visit);
  };
  visit(spec.components);
}

/** Quirk 5: each annotation's `data` is checked against the data shape its `annotationType` names. */
function tieAnnotationDataToType(schemas: Record<string, JsonObject>): void {
  const annotationData = schemas['AnnotationData'];
  const shapes = annotationData?.oneOf;
  if (!annotationData || !Array.isArray(shapes)) throw new Error('OpenAPI subset: AnnotationData.oneOf is gone; update quirk 5');
  annotationData.anyOf = shapes;
  delete annotationData.oneOf;
  const typed = (shapes as JsonObject[]).map((shape) => {
    const ref = String(shape.$ref);
    const title = schemas[ref.split('/').at(-1) ?? '']?.title;
    if (typeof title !== 'string') throw new Error(`OpenAPI subset: ${ref} has no title; update quirk 5`);
    return { if: { properties: { annotationType: { const: title } } }, then: { properties: { data: { $ref: ref } } } };
  });
  for (const schema of Object.values(schemas)) {
    const properties = schema.properties;
    if (isObject(properties) && isObject(properties.annotationType) && isObject(properties.data)) {
      schema.allOf = [...(Array.isArray(schema.allOf) ? (schema.allOf as unknown[]) : []), ...typed];
    }
  }
}

function loadSpec(): JsonObject {
  let text: string;
  try {
    text = readFileSync(SPEC_PATH, 'utf8');
  } catch (error) {
    throw new Error(
      `The CDF OpenAPI subset is missing: expected ${SPEC_PATH}. Cause: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const spec = JSON.parse(text) as JsonObject;
  patchQuirks(spec);
  return { ...spec, $id: SPEC_ID };
}

// ajv-formats is CommonJS; under ESM its default export may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

let ajvInstance: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function ajv(): Ajv2020 {
  if (!ajvInstance) {
    // Quirk 4: `strict: false` because the document carries OpenAPI-only keywords (`example`, `discriminator`, `x-*`)
    // that are not JSON Schema; Ajv would refuse to compile them in strict mode.
    ajvInstance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajvInstance);
    // OpenAPI formats unknown to JSON Schema; without these Ajv fails on the first schema that names them.
    ajvInstance.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajvInstance.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    ajvInstance.addFormat('binary', true);
    ajvInstance.addSchema(loadSpec());
  }
  return ajvInstance;
}

function validatorFor(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv().getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`No schema at #${pointer} in the OpenAPI subset`);
    compiled.set(pointer, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`).join('; ');
}

export interface SchemaCheck {
  valid: boolean;
  /** Ajv's messages, `; `-joined; empty when valid. */
  errors: string;
}

function check(pointer: string, body: unknown): SchemaCheck {
  const validate = validatorFor(pointer);
  const valid = validate(body);
  return { valid, errors: valid ? '' : describe(validate.errors) };
}

const responsePointer = (name: string) => `/components/responses/${name}/content/application~1json/schema`;
const schemaPointer = (name: string) => `/components/schemas/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** Checks a body against `#/components/responses/<name>` (its application/json schema). */
export function checkResponse(name: string, body: unknown): SchemaCheck {
  return check(responsePointer(name), body);
}

/** Checks a body against `#/components/schemas/<name>`. */
export function checkSchema(name: string, body: unknown): SchemaCheck {
  return check(schemaPointer(name), body);
}

/** Throws with Ajv's messages unless `body` matches `#/components/responses/<name>`. */
export function assertMatchesResponse(name: string, body: unknown): void {
  const result = checkResponse(name, body);
  if (!result.valid) throw new Error(`Response does not match OpenAPI ${name}: ${result.errors}\n${JSON.stringify(body)}`);
}

/** Throws with Ajv's messages unless `body` matches `#/components/schemas/<name>`. */
export function assertMatchesSchema(name: string, body: unknown): void {
  const result = checkSchema(name, body);
  if (!result.valid) throw new Error(`Body does not match OpenAPI schema ${name}: ${result.errors}\n${JSON.stringify(body)}`);
}

/** Every CDF error body must match `ErrorResponse`. */
export function assertCdfError(body: unknown): void {
  assertMatchesResponse('ErrorResponse', body);
}
