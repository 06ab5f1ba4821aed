/**
 * Request validation with the shared zod contract. zod issues become one 400 message naming each field path the way
 * a JSON reader would write it (`items[0].id: ...`), so a client developer can find the bad field at once.
 */
import type { z } from 'zod';
import { CdfHttpError } from './errors';

/** How many issues one message lists; the rest are counted. */
const MAX_ISSUES_IN_MESSAGE = 5;

export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function describeIssue(issue: z.core.$ZodIssue, parentPath: ReadonlyArray<PropertyKey> = []): string {
  const fullPath = [...parentPath, ...issue.path];
  const where = formatIssuePath(fullPath);
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // zod reports every alternative; the one with the fewest problems is the one the client most likely meant
    // (`{"id": "7"}` is a bad {id}, not a bad {externalId}). Only when none stands out say that none matched.
    const ranked = [...issue.errors].sort((a, b) => a.length - b.length);
    const best = ranked[0];
    const runnerUp = ranked[1];
    if (best && best.length > 0 && (runnerUp === undefined || best.length < runnerUp.length)) {
      return best.map((inner) => describeIssue(inner, fullPath)).join('; ');
    }
    // Alternatives that are objects keyed differently ({id} | {externalId} | {instanceId}) each complain first
    // about their own key: name those keys.
    const keys = issue.errors.map((branch) => branch[0]?.path[0]).filter((key): key is string => typeof key === 'string');
    if (keys.length === issue.errors.length && new Set(keys).size === keys.length) {
      return `${where || 'body'}: expected an object with exactly one of ${keys.join(', ')}`;
    }
    return `${where || 'body'}: does not match any of the accepted forms`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (where ? `${where}.${key}` : key));
    return `Unrecognized field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`;
  }
  return where ? `${where}: ${issue.message}` : issue.message;
}

export function formatZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => describeIssue(issue));
  const hidden = error.issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; and ${hidden} more problem${hidden > 1 ? 's' : ''}` : shown.join('; ');
}

/** Parses `value` or throws a 400 CdfHttpError; `what` names the input in the message (e.g. "Request body"). */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, what = 'Request body'): z.output<Schema> {
  if (value === undefined || value === null) {
    throw new CdfHttpError(400, `${what} is missing; expected a JSON object`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new CdfHttpError(400, `Invalid ${what.toLowerCase()}: ${formatZodError(result.error)}`);
  return result.data;
}
