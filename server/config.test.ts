import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, configFromEnv, validateConfig } from './config';

describe('configFromEnv', () => {
  it('uses the documented defaults', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4010, project: 'demo', token: 'dev-token' });
    expect(config.dataDir).toMatch(/\.emulator-data$/);
    expect(config.workers).toBeGreaterThanOrEqual(1);
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_PORT: '4040',
      EMULATOR_PROJECT: 'my-project',
      EMULATOR_TOKEN: 'secret',
      EMULATOR_DATA_DIR: '/tmp/somewhere',
      EMULATOR_WORKERS: '3',
      EMULATOR_LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 4040,
      project: 'my-project',
      token: 'secret',
      dataDir: '/tmp/somewhere',
      workers: 3,
      logLevel: 'warn',
    });
  });

  it('names the variable of a bad value', () => {
    expect(() => configFromEnv({ EMULATOR_PORT: 'eighty' })).toThrow(/EMULATOR_PORT must be a whole number, got "eighty"/);
    expect(() => configFromEnv({ EMULATOR_PORT: '70000' })).toThrow(/EMULATOR_PORT/);
    expect(() => configFromEnv({ EMULATOR_WORKERS: '0' })).toThrow(/EMULATOR_WORKERS/);
    expect(() => configFromEnv({ EMULATOR_PROJECT: 'Has Spaces' })).toThrow(/EMULATOR_PROJECT/);
    expect(() => configFromEnv({ EMULATOR_LOG_LEVEL: 'loud' })).toThrow(/EMULATOR_LOG_LEVEL/);
    expect(() => configFromEnv({ EMULATOR_PORT: '-1' })).toThrow(ConfigError);
  });
});

describe('JWT settings from the environment', () => {
  it('are off by default: the development token is used', () => {
    expect(configFromEnv({}).oidc).toBeUndefined();
  });

  it('read the issuer, audience and project claim, the claim defaulting to cdf_projects', () => {
    const env = { EMULATOR_OIDC_ISSUER: 'http://127.0.0.1:9000', EMULATOR_OIDC_AUDIENCE: 'https://emulator.test' };
    expect(configFromEnv(env).oidc).toEqual({ issuer: 'http://127.0.0.1:9000', audience: 'https://emulator.test', projectClaim: 'cdf_projects' });
    expect(configFromEnv({ ...env, EMULATOR_OIDC_PROJECT_CLAIM: 'groups' }).oidc?.projectClaim).toBe('groups');
  });

  it('name the variable that is missing or bad', () => {
    expect(() => configFromEnv({ EMULATOR_OIDC_ISSUER: 'http://127.0.0.1:9000' })).toThrow(/EMULATOR_OIDC_AUDIENCE must be set/);
    expect(() => configFromEnv({ EMULATOR_OIDC_AUDIENCE: 'x' })).toThrow(/need EMULATOR_OIDC_ISSUER/);
    expect(() => configFromEnv({ EMULATOR_OIDC_ISSUER: 'not a url', EMULATOR_OIDC_AUDIENCE: 'x' })).toThrow(/EMULATOR_OIDC_ISSUER/);
  });
});

describe('validateConfig', () => {
  it('rejects a config built in code with a bad field', () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, downloadLinkExpiryMs: 0 })).toThrow(/downloadLinkExpiryMs/);
  });
});
