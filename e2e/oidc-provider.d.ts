/**
 * The part of `oidc-provider` 9 (a devDependency that ships no types) that e2e/oidcTestProvider.ts uses. Its
 * configuration is passed through as the library documents it; only the shapes the test touches are typed.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderContext {
    readonly path: string;
    status: number;
    body: unknown;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    /** Adds a Koa middleware in front of the provider's routes. */
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void;
    /** A Node request listener serving every route. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
