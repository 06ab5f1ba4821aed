/**
 * The emulator's settings, read from the environment by `main.ts` and passed whole to `buildEmulator`. Tests build a
 * config directly (see `testing/startEmulator.ts`), so every field has a default here and nowhere else.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SEGMENTER_NAMES } from './segmenter/types';

const repoRoot = path.resolve(import.meta.dirname, '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const oidcSettingsSchema = z.object({
  /** Exact `iss` of the tokens; its discovery document (`<issuer>/.well-known/openid-configuration`) names the JWKS. */
  issuer: z.url({ protocol: /^https?$/ }),
  /** The `aud` the tokens must carry (CDF: the cluster URL, e.g. `https://westeurope-1.cognitedata.com`). */
  audience: z.string().min(1),
  /** The claim listing the CDF projects the token grants (a string or an array of strings). */
  projectClaim: z.string().min(1),
});
export type OidcSettings = z.infer<typeof oidcSettingsSchema>;

/** The claim naming the token's projects when EMULATOR_OIDC_PROJECT_CLAIM is not set. */
export const DEFAULT_PROJECT_CLAIM = 'cdf_projects';

export const emulatorConfigSchema = z.object({
  /** Interface to listen on. */
  host: z.string().min(1),
  /** TCP port; 0 picks a free one (tests). */
  port: z.number().int().min(0).max(65_535),
  /** The one CDF project this emulator serves. */
  project: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9 and "-"'),
  /** The bearer token every CDF and control call must carry, unless `oidc` is set. */
  token: z.string().min(1),
  /**
   * Verify JWT access tokens from an OpenID provider instead of the fixed `token` (http/jwtAuth.ts). Undefined: the
   * fixed development token, the default.
   */
  oidc: oidcSettingsSchema.optional(),
  /** Where file metadata, uploaded bytes and the link-signing secret persist. Absolute. */
  dataDir: z.string().min(1),
  /** Which segmenter answers segment jobs: the learned SAM model (default) or classical GrabCut. */
  segmenter: z.enum(SEGMENTER_NAMES),
  /** GrabCut's worker threads (SAM runs one worker whose model uses every core). */
  workers: z.number().int().min(1).max(64),
  /**
   * Start the segmenter at start-up and prepare the sample images, so the first click pays neither worker start-up
   * nor the SAM encoder. Tests turn it off: most emulator instances they start never segment.
   */
  prewarmSegmenter: z.boolean(),
  logLevel: z.enum(LOG_LEVELS),
  /** Lifetime of a download link without / with `?extendedExpiration=true` (CDF: 30 s and 1 h). */
  downloadLinkExpiryMs: z.number().int().min(1),
  extendedDownloadLinkExpiryMs: z.number().int().min(1),
  /** Lifetime of an upload URL (CDF: one week). */
  uploadLinkExpiryMs: z.number().int().min(1),
  /** Largest JSON request body; CDF's 1000-item requests fit in well under 1 MiB. */
  jsonBodyLimitBytes: z.number().int().min(1024),
  /** Largest file a PUT to an upload URL may carry (24-megapixel PNGs are ~70 MB; leave room). */
  uploadBodyLimitBytes: z.number().int().min(1024),
});
export type EmulatorConfig = z.infer<typeof emulatorConfigSchema>;

export const DEFAULT_CONFIG: EmulatorConfig = {
  host: '127.0.0.1',
  port: 4010,
  project: 'demo',
  token: 'dev-token',
  dataDir: path.join(repoRoot, '.emulator-data'),
  segmenter: 'sam',
  workers: os.availableParallelism(),
  prewarmSegmenter: true,
  logLevel: 'info',
  downloadLinkExpiryMs: 30_000,
  extendedDownloadLinkExpiryMs: 3_600_000,
  uploadLinkExpiryMs: 7 * 24 * 3_600_000,
  jsonBodyLimitBytes: 1024 * 1024,
  uploadBodyLimitBytes: 512 * 1024 * 1024,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a complete config; the message names every bad field. */
export function validateConfig(candidate: EmulatorConfig): EmulatorConfig {
  const result = emulatorConfigSchema.safeParse(candidate);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid emulator configuration: ${problems.join('; ')}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.dataDir) };
}

type Env = Record<string, string | undefined>;

function integerFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw.trim());
}

/**
 * EMULATOR_OIDC_ISSUER switches JWT verification on; it then needs EMULATOR_OIDC_AUDIENCE (a token for any audience
 * would be accepted otherwise), and EMULATOR_OIDC_PROJECT_CLAIM may rename the project claim. The audience or claim
 * without an issuer is a mistake worth stopping for: the emulator would silently keep the development token.
 */
function oidcFromEnv(env: Env): OidcSettings | undefined {
  const issuer = env.EMULATOR_OIDC_ISSUER?.trim() ?? '';
  const audience = env.EMULATOR_OIDC_AUDIENCE?.trim() ?? '';
  const projectClaim = env.EMULATOR_OIDC_PROJECT_CLAIM?.trim() ?? '';
  if (issuer === '') {
    if (audience !== '' || projectClaim !== '') {
      throw new ConfigError('EMULATOR_OIDC_AUDIENCE and EMULATOR_OIDC_PROJECT_CLAIM need EMULATOR_OIDC_ISSUER');
    }
    return undefined;
  }
  if (audience === '') throw new ConfigError('EMULATOR_OIDC_AUDIENCE must be set when EMULATOR_OIDC_ISSUER is');
  return { issuer, audience, projectClaim: projectClaim === '' ? DEFAULT_PROJECT_CLAIM : projectClaim };
}

/**
 * Reads EMULATOR_HOST, EMULATOR_PORT, EMULATOR_PROJECT, EMULATOR_TOKEN, EMULATOR_OIDC_*, EMULATOR_DATA_DIR,
 * EMULATOR_SEGMENTER, EMULATOR_WORKERS and EMULATOR_LOG_LEVEL. Throws ConfigError with a message naming the variable
 * when a value is unusable.
 */
export function configFromEnv(env: Env = process.env): EmulatorConfig {
  const pick = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const logLevel = pick('EMULATOR_LOG_LEVEL', DEFAULT_CONFIG.logLevel);
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`EMULATOR_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const segmenter = pick('EMULATOR_SEGMENTER', DEFAULT_CONFIG.segmenter);
  if (!(SEGMENTER_NAMES as readonly string[]).includes(segmenter)) {
    throw new ConfigError(`EMULATOR_SEGMENTER must be one of ${SEGMENTER_NAMES.join(', ')}, got "${segmenter}"`);
  }
  const oidc = oidcFromEnv(env);
  const candidate: EmulatorConfig = {
    ...DEFAULT_CONFIG,
    ...(oidc === undefined ? {} : { oidc }),
    host: pick('EMULATOR_HOST', DEFAULT_CONFIG.host),
    port: integerFromEnv(env, 'EMULATOR_PORT', DEFAULT_CONFIG.port),
    project: pick('EMULATOR_PROJECT', DEFAULT_CONFIG.project),
    token: pick('EMULATOR_TOKEN', DEFAULT_CONFIG.token),
    dataDir: path.resolve(pick('EMULATOR_DATA_DIR', DEFAULT_CONFIG.dataDir)),
    segmenter: segmenter as EmulatorConfig['segmenter'],
    workers: integerFromEnv(env, 'EMULATOR_WORKERS', DEFAULT_CONFIG.workers),
    logLevel: logLevel as EmulatorConfig['logLevel'],
  };
  const envNames: Partial<Record<keyof EmulatorConfig, string>> = {
    host: 'EMULATOR_HOST',
    port: 'EMULATOR_PORT',
    project: 'EMULATOR_PROJECT',
    token: 'EMULATOR_TOKEN',
    oidc: 'EMULATOR_OIDC_ISSUER',
    dataDir: 'EMULATOR_DATA_DIR',
    workers: 'EMULATOR_WORKERS',
  };
  const result = emulatorConfigSchema.safeParse(candidate);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path[0] as keyof EmulatorConfig;
      return `${envNames[key] ?? String(key)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid emulator configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
