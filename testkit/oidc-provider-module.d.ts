// oidc-provider ships no types (and @types/oidc-provider lags behind v9): only
// the part testkit/oidc-provider.ts uses, typed narrowly.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AdapterPayload = Record<string, unknown> & {
    accountId?: string;
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
  };
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }
  interface Ctx {
    oidc: { params?: Record<string, unknown> };
  }
  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }
  interface ResourceServerInfo {
    scope: string;
    audience: string;
    accessTokenTTL: number;
    accessTokenFormat: 'jwt' | 'opaque';
    jwt?: { sign: { alg: string } };
  }
  export interface Configuration {
    adapter: new (model: string) => Adapter;
    clients: Record<string, unknown>[];
    pkce?: { required: () => boolean };
    scopes: string[];
    claims: Record<string, string[]>;
    findAccount: (ctx: Ctx, id: string) => Account | undefined;
    features: {
      devInteractions: { enabled: boolean };
      revocation: { enabled: boolean };
      resourceIndicators: {
        enabled: boolean;
        defaultResource: () => string;
        useGrantedResource: () => boolean;
        getResourceServerInfo: (ctx: Ctx, resource: string) => ResourceServerInfo;
      };
    };
    extraTokenClaims: (ctx: Ctx, token: { kind: string; accountId?: string }) => Record<string, unknown> | undefined;
    clientBasedCORS: (ctx: Ctx, origin: string) => boolean;
    ttl: Record<string, number>;
    cookies: { keys: string[]; long: { secure: boolean }; short: { secure: boolean } };
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    static errors: { InvalidTarget: new () => Error };
    on(event: 'grant.success', listener: (ctx: Ctx) => void): void;
    on(event: 'grant.error', listener: (ctx: unknown, error: Error & { error_description?: string }) => void): void;
    /** Koa middleware (Provider extends Koa). */
    use(middleware: (ctx: { path: string; body: unknown }, next: () => Promise<void>) => Promise<void>): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
