// Authentication: admin tokens for /v1/keys*, key secrets for /v1/whoami.
// Both are looked up by SHA-256 hash through a unique index, each in its own
// table, so a key secret can never pass as an admin token.
import type { MiddlewareHandler } from 'hono';
import { isWellFormedSecret } from '../lib/shared/contract/secret';
import { ApiError } from './errors';
import { clientAddress, type AppEnv, type Ctx, type Deps } from './context';
import { isExpired, sha256Hex } from './keys';
import type { KeyRow } from './store';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="workbase"' };

/** The credential from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(c: Ctx): string | undefined {
  const header = c.req.header('authorization');
  const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** 429 before any credential check, so a blocked address learns nothing more. */
function throwIfBlocked(deps: Deps, c: Ctx): void {
  const retryAfter = deps.limiter.retryAfterSeconds(clientAddress(c));
  if (retryAfter > 0) {
    throw new ApiError(429, 'rate_limited', `Too many failed authentication attempts. Try again in ${retryAfter} s.`, {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}

export function requireAdmin(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    throwIfBlocked(deps, c);
    const token = bearerToken(c);
    if (token === undefined) {
      throw new ApiError(401, 'unauthorized', 'An admin token is required: Authorization: Bearer <token>.', { headers: CHALLENGE });
    }
    const tokenHash = sha256Hex(token);
    if (!deps.store.isAdminTokenHash(tokenHash)) {
      deps.limiter.recordFailure(clientAddress(c));
      throw new ApiError(401, 'unauthorized', 'The admin token is not valid.', { headers: CHALLENGE });
    }
    c.set('adminTokenHash', tokenHash);
    await next();
  };
}

/** Sets keyRow to the active key the secret belongs to, or throws a 401 saying why not. */
export function requireKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('keyRow', authenticateKey(deps, c));
    await next();
  };
}

function authenticateKey(deps: Deps, c: Ctx): KeyRow {
  throwIfBlocked(deps, c);
  const secret = bearerToken(c);
  if (secret === undefined) {
    throw new ApiError(401, 'key_invalid', 'An API key is required: Authorization: Bearer <key>.', { headers: CHALLENGE });
  }
  // Shape and checksum first: typos and garbage never reach the database.
  const row = isWellFormedSecret(secret) ? deps.store.findKeyBySecretHash(sha256Hex(secret)) : undefined;
  if (!row) {
    deps.limiter.recordFailure(clientAddress(c));
    throw new ApiError(401, 'key_invalid', 'The API key is not valid.', { headers: CHALLENGE });
  }
  if (isExpired(row, deps.clock())) {
    throw new ApiError(401, 'key_expired', 'The API key has expired.', { headers: CHALLENGE });
  }
  return row;
}
