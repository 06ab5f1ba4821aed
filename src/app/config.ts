/**
 * Runtime configuration: built-in defaults (the local emulator) < `config.json` next to index.html (a deployment
 * sets its defaults without rebuilding) < query parameters (`baseUrl`, `project`, `fileId` | `fileExternalId`).
 * Tokens never come from the URL or localStorage: they come from a token provider chosen by `auth`:
 *   - `emulator`: a fixed development token (by default the emulator's `dev-token`, or VITE_EMULATOR_TOKEN at build
 *     time: `npm start` sets it from EMULATOR_TOKEN so the app matches an emulator started with another token);
 *   - `host`: the embedding page answers token requests over postMessage (the app in a portal's iframe);
 *   - `oidc`: the app signs the user in itself (authorization code + PKCE, see api/oidcSession.ts), for a plain tab.
 * Over 300 lines because every setting's schema, its query-parameter override and its error message belong together:
 * split, a new setting would have to be added in several files.
 */
import { z } from 'zod';
import { annotationStatusSchema, type AnnotationStatus } from '../../contract';
import { hostTokenProvider, staticTokenProvider, withSharedRenewal, type TokenProvider } from '../api/tokenProviders';
import type { FileRef } from '../api/files';
import { parseFileParams } from '../features/files/fileParams';
import { ConfigError } from '../lib/configError';
import { createHostChannel, type HostChannel } from '../lib/hostProtocol';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:4010';
export const DEFAULT_PROJECT = 'demo';
/** The emulator's documented development token; not a secret. */
export const EMULATOR_DEV_TOKEN = 'dev-token';

/**
 * The token the app sends to the local emulator unless config.json names one: VITE_EMULATOR_TOKEN when the dev server
 * or build had it (`npm start` and the browser tests pass the emulator's EMULATOR_TOKEN through), else `dev-token`.
 * It is the emulator's development token, not a secret, and it never comes from the URL.
 */
export function defaultEmulatorToken(env: Readonly<Record<string, unknown>> = import.meta.env): string {
  const token = env.VITE_EMULATOR_TOKEN;
  return typeof token === 'string' && token !== '' ? token : EMULATOR_DEV_TOKEN;
}
export const DEFAULT_HOST_TOKEN_TIMEOUT_MS = 10_000;
export const DEFAULT_ANNOTATION_LABELS: readonly string[] = ['object'];
export const DEFAULT_ANNOTATION_STATUS: AnnotationStatus = 'approved';
/** CDF's limit on `data.label` (`Annotations.ObjectDetection.label` maxLength). */
const MAX_CONFIG_LABEL_LENGTH = 128;
export const CONFIG_FILE_URL = './config.json';


const httpUrlSchema = z
  .string()
  .refine((value) => /^https?:\/\/[^/]+/.test(value) && URL.canParse(value), { message: 'must be an http(s) URL' });
const originSchema = z
  .string()
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, { message: 'must be an exact origin like https://portal.example.com (no path, no *)' });

/** https, or http on a loopback host (a local test identity provider). */
const authorityUrlSchema = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an http(s) URL' })
  .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || isLoopbackUrl(value), {
    message: 'must use https (http only on 127.0.0.1 or localhost)',
  });
/** One OAuth scope: no spaces (the request joins them with spaces). */
const scopeSchema = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, { message: 'must be one scope without spaces or quotes' });

const authSchema = z.discriminatedUnion('mode', [
  /** A fixed token: for the emulator (defaults to `defaultEmulatorToken()`). Never put a real CDF token in config.json. */
  z.object({ mode: z.literal('emulator'), token: z.string().min(1).optional() }).strict(),
  /** The embedding page provides tokens over postMessage (see api/tokenProviders.ts). */
  z
    .object({
      mode: z.literal('host'),
      allowedOrigins: z.array(originSchema).min(1),
      timeoutMs: z.number().int().min(100).max(120_000).optional(),
    })
    .strict(),
  /** The app signs the user in at an OpenID Connect provider (Entra ID, Auth0, Cognito…): code flow with PKCE. */
  z
    .object({
      mode: z.literal('oidc'),
      /** The issuer, e.g. `https://login.microsoftonline.com/<tenant>/v2.0` (its /.well-known/openid-configuration is read). */
      authority: authorityUrlSchema,
      /** The app registration's client id (a public client: no secret). */
      clientId: z.string().min(1),
      /** e.g. `["https://<cluster>.cognitedata.com/user_impersonation", "https://<cluster>.cognitedata.com/IDENTITY", "offline_access"]`; `openid` and `profile` are added. */
      scopes: z.array(scopeSchema).min(1),
      /** Where the provider sends the browser back, relative to the app's page; default: the app's page itself. */
      redirectPath: z.string().min(1).optional(),
    })
    .strict(),
]);

const configLabelSchema = z
  .string()
  .trim()
  .min(1, { message: 'a label cannot be empty' })
  .max(MAX_CONFIG_LABEL_LENGTH, { message: `a label can have at most ${MAX_CONFIG_LABEL_LENGTH} characters` });

const annotationConfigSchema = z
  .object({
    /** The labels suggested first in the Label combobox, in this order. */
    labels: z.array(configLabelSchema).min(1).optional(),
    /** The status every save gets: `approved` (default), `suggested` for a review step, or `rejected`. */
    status: annotationStatusSchema.optional(),
  })
  .strict();

const uiConfigSchema = z
  .object({
    /** false hides the image list: an embedding page that drives navigation (`annotator:open-file`) has its own. */
    fileList: z.boolean().optional(),
  })
  .strict();

export const configFileSchema = z
  .object({
    $comment: z.string().optional(),
    baseUrl: httpUrlSchema.optional(),
    project: z.string().min(1).optional(),
    auth: authSchema.optional(),
    annotation: annotationConfigSchema.optional(),
    ui: uiConfigSchema.optional(),
  })
  .strict();
export type ConfigFile = z.infer<typeof configFileSchema>;

export interface OidcAuthConfig {
  mode: 'oidc';
  authority: string;
  clientId: string;
  /** The scopes to request, `openid` and `profile` first. */
  scopes: readonly string[];
  /** Absolute, without query or fragment; on the app's own origin (the app handles the answer). */
  redirectUri: string;
}

export type AuthConfig =
  | { mode: 'emulator'; token: string }
  | { mode: 'host'; allowedOrigins: readonly string[]; timeoutMs: number }
  | OidcAuthConfig;

export interface AnnotationConfig {
  /** Suggested first in the Label combobox, deduplicated, in order; never empty. */
  labels: readonly string[];
  /** The status a save gets. */
  status: AnnotationStatus;
}

export interface UiConfig {
  /** Whether the image list is shown (`ui.fileList` in config.json, `fileList=0|1` in the URL; default true). */
  fileList: boolean;
}

export interface RuntimeConfig {
  /** No trailing slash. */
  baseUrl: string;
  project: string;
  /** The file to open first, from the URL; null = the first image of the list. */
  initialFile: FileRef | null;
  auth: AuthConfig;
  annotation: AnnotationConfig;
  ui: UiConfig;
}

/** Parses config.json's text; a malformed file is a ConfigError that says what is wrong. */
export function parseConfigFile(text: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`config.json is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new ConfigError(`config.json is not valid: ${issues}`);
  }
  return parsed.data;
}

/**
 * Fetches config.json relative to the page. A missing file is fine (defaults apply); so is the HTML fallback page a
 * dev server or SPA host serves for unknown paths.
 */
export async function loadConfigFile(fetchFn: typeof fetch, url: string = CONFIG_FILE_URL): Promise<ConfigFile> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-store' });
  } catch (cause) {
    throw new ConfigError(`Could not load config.json: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (response.status === 404) return {};
  if (!response.ok) throw new ConfigError(`Could not load config.json: HTTP ${response.status}`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) return {};
  return parseConfigFile(await response.text());
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** A loopback base URL is taken to be the local emulator, which gets its dev token by default. */
export const isLoopbackUrl = (url: string): boolean => LOOPBACK_HOSTS.has(new URL(url).hostname);

/**
 * Combines config.json and the page's query string into the configuration the app runs with. `pageUrl` (the app's
 * page) anchors the OIDC redirect URI.
 */
export function resolveRuntimeConfig(file: ConfigFile, search: string, pageUrl: string = globalThis.location?.href ?? 'http://localhost/'): RuntimeConfig {
  const params = new URLSearchParams(search);
  const baseUrlParam = params.get('baseUrl');
  if (baseUrlParam !== null && !httpUrlSchema.safeParse(baseUrlParam).success) {
    throw new ConfigError(`The baseUrl parameter must be an http(s) URL, got "${baseUrlParam}".`);
  }
  const baseUrl = (baseUrlParam ?? file.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const projectParam = params.get('project');
  if (projectParam === '') throw new ConfigError('The project parameter is empty.');
  const project = projectParam ?? file.project ?? DEFAULT_PROJECT;

  // A host-provided or signed-in token is a real credential: never let a link send it to another server.
  if ((file.auth?.mode === 'host' || file.auth?.mode === 'oidc') && baseUrlParam !== null && baseUrl !== (file.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')) {
    const source = file.auth.mode === 'host' ? 'tokens come from the host page' : 'the app signs you in';
    throw new ConfigError(`The baseUrl parameter cannot change the server when ${source}; set baseUrl in config.json.`);
  }

  let auth: AuthConfig;
  if (file.auth?.mode === 'host') {
    auth = { mode: 'host', allowedOrigins: file.auth.allowedOrigins, timeoutMs: file.auth.timeoutMs ?? DEFAULT_HOST_TOKEN_TIMEOUT_MS };
  } else if (file.auth?.mode === 'oidc') {
    auth = resolveOidcAuth(file.auth, pageUrl);
  } else if (file.auth?.mode === 'emulator') {
    auth = { mode: 'emulator', token: file.auth.token ?? defaultEmulatorToken() };
  } else if (isLoopbackUrl(baseUrl)) {
    auth = { mode: 'emulator', token: defaultEmulatorToken() };
  } else {
    throw new ConfigError(
      `No token source for ${baseUrl}. Set "auth" in config.json: {"mode": "oidc", "authority": ..., "clientId": ..., "scopes": [...]} ` +
        'to sign in from a browser tab, or {"mode": "host", "allowedOrigins": [...]} when the app is embedded in a portal.',
    );
  }
  return { baseUrl, project, initialFile: parseFileParams(params), auth, annotation: resolveAnnotationConfig(file, params), ui: resolveUiConfig(file, params) };
}

/** Layout switches: the `fileList` query parameter (`0` or `1`) over config.json's `ui` over the defaults. */
export function resolveUiConfig(file: ConfigFile, params: URLSearchParams): UiConfig {
  const fileListParam = params.get('fileList');
  if (fileListParam !== null && fileListParam !== '0' && fileListParam !== '1') {
    throw new ConfigError(`The fileList parameter must be 0 (hide the image list) or 1 (show it), got "${fileListParam}".`);
  }
  return { fileList: fileListParam === null ? (file.ui?.fileList ?? true) : fileListParam === '1' };
}

/** Labels and save status: the `labels` query parameter (comma-separated) over config.json over the defaults. */
export function resolveAnnotationConfig(file: ConfigFile, params: URLSearchParams): AnnotationConfig {
  const labelsParam = params.get('labels');
  let labels: readonly string[] = file.annotation?.labels ?? DEFAULT_ANNOTATION_LABELS;
  if (labelsParam !== null) {
    const fromUrl = labelsParam.split(',').map((label) => label.trim()).filter((label) => label !== '');
    if (fromUrl.length === 0) throw new ConfigError('The labels parameter names no label; give labels separated by commas, e.g. labels=pump,valve.');
    const tooLong = fromUrl.find((label) => label.length > MAX_CONFIG_LABEL_LENGTH);
    if (tooLong !== undefined) {
      throw new ConfigError(`The labels parameter has a label of ${tooLong.length} characters; CDF allows at most ${MAX_CONFIG_LABEL_LENGTH}.`);
    }
    labels = fromUrl;
  }
  return { labels: uniqueLabels(labels), status: file.annotation?.status ?? DEFAULT_ANNOTATION_STATUS };
}

/** Labels without case-insensitive repeats, first spelling kept, in order (config, query parameter, host page). */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.filter((label) => {
    const key = label.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The scopes every sign-in asks for: an ID token (`openid`) with the user's name (`profile`). */
export const OIDC_BASE_SCOPES = ['openid', 'profile'] as const;

function resolveOidcAuth(auth: Extract<NonNullable<ConfigFile['auth']>, { mode: 'oidc' }>, pageUrl: string): OidcAuthConfig {
  const page = new URL(pageUrl);
  let redirect: URL;
  try {
    redirect = new URL(auth.redirectPath ?? './', page);
  } catch (cause) {
    throw new ConfigError(`auth.redirectPath "${auth.redirectPath}" is not a valid path.`, { cause });
  }
  if (redirect.origin !== page.origin) {
    throw new ConfigError(`auth.redirectPath must stay on the app's origin ${page.origin}; got ${redirect.origin}.`);
  }
  redirect.search = '';
  redirect.hash = '';
  const scopes = [...new Set([...OIDC_BASE_SCOPES, ...auth.scopes])];
  return { mode: 'oidc', authority: auth.authority.replace(/\/+$/, ''), clientId: auth.clientId, scopes, redirectUri: redirect.href };
}

/**
 * The token provider for a resolved configuration. For `oidc` the provider belongs to the sign-in session (loaded
 * on demand, see Root.tsx), so this one only explains that it is missing.
 */
export function createTokenProvider(auth: AuthConfig, selfWindow: Window, hostChannel: HostChannel | null = null): TokenProvider {
  if (auth.mode === 'emulator') return staticTokenProvider(auth.token);
  if (auth.mode === 'oidc') return () => Promise.reject(new Error('The sign-in session has not started.'));
  const channel = hostChannel ?? createHostChannelFor(auth, selfWindow);
  if (channel === null) {
    return () => Promise.reject(new Error('config.json asks for tokens from a host page, but the app is not embedded in one.'));
  }
  return withSharedRenewal(hostTokenProvider({ channel, timeoutMs: auth.timeoutMs }));
}

/** The channel to the embedding page in `host` mode; null in the other modes or when the app is not in a frame. */
export function createHostChannelFor(auth: AuthConfig, selfWindow: Window): HostChannel | null {
  if (auth.mode !== 'host' || selfWindow.parent === selfWindow) return null;
  return createHostChannel({ selfWindow, hostWindow: selfWindow.parent, allowedOrigins: auth.allowedOrigins });
}
