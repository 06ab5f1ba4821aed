/** Turns any error into what a person reads in an alert: a title, the detail, the request id and whether to retry. */
import { isCdfError } from '../api/errors';
import { ConfigError } from './configError';

export interface ErrorDescription {
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  /** Whether trying again may help (false for a file that does not exist, say). */
  readonly retryable: boolean;
}

export const GENERIC_ERROR_TITLE = 'Something went wrong';

/** The `{project}` of a CDF URL (`…/api/v1/projects/{project}/…`), decoded. */
function projectOfUrl(url: string): string | undefined {
  const encoded = /\/api\/v1\/projects\/([^/?#]+)/.exec(url)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    // A malformed escape cannot come from our own client; show the name as it stands.
    return encoded;
  }
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ConfigError) {
    return { title: 'The configuration is not valid', detail: error.message, requestId: undefined, retryable: true };
  }
  if (!isCdfError(error)) {
    return { title: GENERIC_ERROR_TITLE, detail: error instanceof Error ? error.message : String(error), requestId: undefined, retryable: true };
  }
  const requestId = error.requestId;
  switch (error.kind) {
    case 'network':
      return { title: 'Cannot reach the server', detail: error.message, requestId, retryable: true };
    case 'token':
      return { title: 'No access token', detail: error.message, requestId, retryable: true };
    case 'invalid-response':
      return { title: 'Unexpected answer from the server', detail: error.message, requestId, retryable: true };
    case 'http':
      if (error.status === 401) {
        return { title: 'Access denied: the token was rejected (401)', detail: error.message, requestId, retryable: true };
      }
      if (error.status === 403) {
        // The token itself was accepted, so a new one from the same account will not help: say what to ask for.
        const project = projectOfUrl(error.url);
        return {
          title: project === undefined ? 'Access denied: the token lacks a capability (403)' : `No access to project "${project}": the token lacks a capability (403)`,
          detail: `${error.message} — The token is valid but does not allow this${project === undefined ? '' : ` in project "${project}"`}. Ask a CDF administrator for access (files, annotations and vision segment capabilities).`,
          requestId,
          // Worth a retry once access has been granted.
          retryable: true,
        };
      }
      if (error.missing !== undefined && error.missing.length > 0) {
        const names = error.missing.map((item) => Object.entries(item).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', '));
        return { title: 'File not found', detail: `No file with ${names.join('; ')} in this project (CDF: "${error.message}").`, requestId, retryable: false };
      }
      if (error.status === 429) return { title: 'The server is busy (429)', detail: error.message, requestId, retryable: true };
      if (error.status !== undefined && error.status >= 500) {
        return { title: `Server error (${error.status})`, detail: error.message, requestId, retryable: true };
      }
      return { title: `Request failed (${error.status ?? 'no status'})`, detail: error.message, requestId, retryable: false };
  }
}
