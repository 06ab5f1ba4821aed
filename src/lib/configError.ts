/** A deployment configuration (config.json or the query parameters) that cannot be used; its message says what to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
