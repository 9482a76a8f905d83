// Types shared by the app and every route module.
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import type { SignInMethod } from '../lib/shared/contract/auth';
import type { Clock } from './clock';
import type { OidcVerifier } from './oidc';
import type { AuthLimiters } from './rate-limit';
import type { AdminIdentity, KeyRow, Store } from './store';

export interface AppEnv {
  // Present when served by @hono/node-server; absent under app.request() in tests.
  Bindings: { incoming?: IncomingMessage };
  // Set by requireAdmin: scopes Idempotency-Keys per admin token, and who acts.
  // Set by requireKey: the key a whoami secret belongs to.
  // authMethod: set by requireAdmin with admin: 'sso' (an OIDC access token) or 'token'.
  // requestId: set first on every request; recorded with audit events.
  Variables: { adminTokenHash: string; admin: AdminIdentity; authMethod: SignInMethod; keyRow: KeyRow; requestId: string };
}

export type App = Hono<AppEnv>;
export type Ctx = Context<AppEnv>;

export interface Deps {
  store: Store;
  clock: Clock;
  limits: AuthLimiters;
  /** Records a failed admin authentication in the audit log (rate-limited; see audit.ts). */
  failedAuth: { record(c: Ctx): void };
  /** Present when SSO is configured (--oidc-issuer): validates access tokens. */
  oidc?: OidcVerifier | undefined;
}

/** The peer address, used only to key the failed-auth limiters. */
export function clientAddress(c: Ctx): string {
  return c.env?.incoming?.socket.remoteAddress ?? 'unknown';
}
