// A real, certified OpenID provider (node-oidc-provider) on a free loopback
// port, for the SSO tests of the extension and the reference server. It has
// its own login and consent pages (devInteractions: any password is accepted
// for the accounts below), one public PKCE client whose redirect URI is the
// extension's, and issues JWT access tokens for the key API: audience = the
// client id, with the person's `email` and `name` in the token (extraTokenClaims),
// as the server identifies people by those claims.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';
import { DEV_EXTENSION_ID } from './dev-extension-key';
import { startServer, type RunningServer } from './server';

export interface TestAccount {
  /** What the admin types on the provider's login page; also the subject (`sub`). */
  login: string;
  email: string;
  name: string;
}

/** alice is an admin and victor a viewer in the key API (when the test adds them); mallory is known to the provider only. */
export const ACCOUNTS = {
  alice: { login: 'alice', email: 'alice@example.com', name: 'Alice Admin' },
  victor: { login: 'victor', email: 'victor@example.com', name: 'Victor Viewer' },
  mallory: { login: 'mallory', email: 'mallory@example.com', name: 'Mallory Unknown' },
} as const satisfies Record<string, TestAccount>;

export const TEST_CLIENT_ID = 'workbase-api-keys-extension';
/** The resource indicator of the key API. The access token's audience is the client id (what the server checks by default). */
const KEY_API_RESOURCE = 'urn:workbase:key-api';
/** Scopes the key API accepts (put in the access token); the extension asks for these plus openid/email/profile/offline_access. */
const KEY_API_SCOPE = 'keys';
/** What GET /v1/auth/config should advertise as `sso.scopes` with this provider. */
export const TEST_SCOPES = ['openid', 'email', 'profile', 'offline_access', KEY_API_SCOPE] as const;

export interface ProviderOptions {
  /** Access-token lifetime in seconds (default 300). Short values (e.g. 5) exercise the refresh. */
  accessTokenTtl?: number;
  /** Refresh-token lifetime in seconds (default 8 h, one working day). */
  refreshTokenTtl?: number;
  /** The extension's id: its redirect URI is https://<id>.chromiumapp.org/ and its origin chrome-extension://<id>. */
  extensionId?: string;
  /** More redirect URIs (e.g. Firefox's https://<hash>.extensions.allizom.org/) and origins allowed by CORS. */
  extraRedirectUris?: string[];
  extraOrigins?: string[];
  port?: number;
}

export interface RunningProvider {
  /** http://127.0.0.1:PORT (no trailing slash), the `iss` of every token. */
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Forget every grant, refresh token, access token and provider session of one account: its next refresh fails with invalid_grant. */
  revoke(login: string): number;
  /** Counts of refresh_token grants answered, for asserting that the extension refreshed. */
  refreshCount(): number;
  /** Every access, refresh and ID token the token endpoint handed out, for "no token on disk or in a log" searches. */
  issuedTokens(): string[];
  /**
   * The whole authorization-code + PKCE sign-in over HTTP, no browser: for
   * server tests that need real tokens. Fills the provider's own login and
   * consent pages like a person would.
   */
  signIn(login: string, scopes?: readonly string[]): Promise<TokenSet>;
  /** Close the listening socket (the provider is then "down"); start() again gives a new port. */
  stop(): Promise<void>;
}

interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

/** A per-provider memory adapter (oidc-provider's own is global to the process), so revoke() can find an account's artifacts. */
function memoryAdapterFactory(store: Map<string, { payload: AdapterPayload; expiresAt: number | null }>) {
  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    private live(key: string): AdapterPayload | undefined {
      const entry = store.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
        store.delete(key);
        return undefined;
      }
      return entry.payload;
    }
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      store.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null });
      return Promise.resolve();
    }
    find(id: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(this.live(this.key(id)));
    }
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(this.findWhere((p) => p.userCode === userCode));
    }
    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(this.findWhere((p) => p.uid === uid));
    }
    consume(id: string): Promise<void> {
      const payload = this.live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      store.delete(this.key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
      return Promise.resolve();
    }
    private findWhere(match: (p: AdapterPayload) => boolean): AdapterPayload | undefined {
      for (const key of store.keys()) {
        if (!key.startsWith(`${this.model}:`)) continue;
        const payload = this.live(key);
        if (payload && match(payload)) return payload;
      }
      return undefined;
    }
  };
}

export async function startOidcProvider(options: ProviderOptions = {}): Promise<RunningProvider> {
  const extensionId = options.extensionId ?? DEV_EXTENSION_ID;
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  const origins = new Set([`chrome-extension://${extensionId}`, ...(options.extraOrigins ?? [])]);
  const accessTokenTtl = options.accessTokenTtl ?? 300;
  const refreshTokenTtl = options.refreshTokenTtl ?? 8 * 3600;
  const accounts = new Map<string, TestAccount>(Object.values(ACCOUNTS).map((a) => [a.login, a]));
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number | null }>();
  let refreshes = 0;

  // The issuer must be known before the provider is built: listen first, then attach it.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(store),
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [redirectUri, ...(options.extraRedirectUris ?? [])],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: account.email, email_verified: true, name: account.name }),
      };
    },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => KEY_API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== KEY_API_RESOURCE) throw new Provider.errors.InvalidTarget();
          return {
            scope: KEY_API_SCOPE,
            audience: TEST_CLIENT_ID,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The key API identifies the person by these access-token claims (Entra, Okta and Keycloak can be set up the same way).
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = accounts.get(token.accountId);
      return account ? { email: account.email, name: account.name } : undefined;
    },
    // The worker's fetch to the token endpoint carries Origin: chrome-extension://<id>.
    clientBasedCORS: (_ctx, origin) => origins.has(origin),
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: refreshTokenTtl,
      Grant: refreshTokenTtl,
      Session: refreshTokenTtl,
      Interaction: 600,
    },
    // Secure cookies would be dropped on an http:// issuer; this provider only ever runs on loopback.
    cookies: { keys: ['workbase-test-provider-cookie-key'], long: { secure: false }, short: { secure: false } },
  };

  const provider = new Provider(issuer, configuration);
  if (process.env.OIDC_DEBUG)
    provider.on('grant.error', (_ctx: unknown, err: Error & { error_description?: string }) =>
      console.log('GRANT ERROR', err.message, err.error_description),
    );
  provider.on('grant.success', (ctx) => {
    if ((ctx.oidc.params?.grant_type as string | undefined) === 'refresh_token') refreshes++;
  });
  const issued: string[] = [];
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object') {
      const body = ctx.body as Record<string, unknown>;
      for (const name of ['access_token', 'refresh_token', 'id_token']) if (typeof body[name] === 'string') issued.push(body[name]);
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId: TEST_CLIENT_ID,
    redirectUri,
    revoke(login) {
      let removed = 0;
      for (const [key, entry] of store) {
        if (entry.payload.accountId === login) {
          store.delete(key);
          removed++;
        }
      }
      return removed;
    },
    refreshCount: () => refreshes,
    issuedTokens: () => [...issued],
    signIn: (login, scopes = TEST_SCOPES) => headlessSignIn(issuer, redirectUri, login, scopes),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Follows the provider's redirects by hand, carrying its cookies, up to the redirect URI's code. */
async function headlessSignIn(issuer: string, redirectUri: string, login: string, scopes: readonly string[]): Promise<TokenSet> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: TEST_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'consent',
  }).toString();
  const redirected = new URL(await followSignIn(auth.toString(), login, redirectUri));
  const params = redirected.searchParams;
  if (params.get('state') !== state) throw new Error('state mismatch');
  const code = params.get('code');
  if (!code) throw new Error(`no code: ${params.get('error') ?? ''} ${params.get('error_description') ?? ''}`);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: TEST_CLIENT_ID,
      code_verifier: verifier,
    }),
  });
  if (!token.ok) throw new Error(`token endpoint answered ${token.status}: ${await token.text()}`);
  return (await token.json()) as TokenSet;
}

/**
 * What a person does in the sign-in window, over plain HTTP: opens the
 * authorization URL, fills the provider's login and consent pages, and
 * returns the URL the provider finally redirects to (redirect URI + code).
 * A stand-in for identity.launchWebAuthFlow in unit tests.
 */
export async function followSignIn(authorizationUrl: string, login: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return response;
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(redirectUri)) return url;
    const response = await request(url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).toString();
      continue;
    }
    const html = await response.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`unexpected page at ${url} (${response.status})`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' };
    const posted = await request(new URL(action, url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    url = new URL(posted.headers.get('location') ?? url, url).toString();
  }
  throw new Error('too many redirects during sign-in');
}

/**
 * The reference key API trusting this provider (its --oidc-* settings through
 * the WORKBASE_OIDC_* variables, set only while it starts), with alice as an
 * admin and victor as a viewer, both SSO-only (admins add --sso).
 */
export async function startServerWithSso(provider: RunningProvider): Promise<RunningServer> {
  const env = { WORKBASE_OIDC_ISSUER: provider.issuer, WORKBASE_OIDC_CLIENT_ID: provider.clientId, WORKBASE_OIDC_SCOPES: TEST_SCOPES.join(' ') };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let server: RunningServer;
  try {
    server = await startServer();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const db = path.join(server.dbDir, 'keys.db');
  const add = (who: TestAccount, role: string) =>
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'admins', 'add', '--sso', '--email', who.email, '--name', who.name, '--role', role, '--db', db],
      { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'pipe' },
    );
  add(ACCOUNTS.alice, 'admin');
  add(ACCOUNTS.victor, 'viewer');
  return server;
}
