// Authentication: admin tokens for /v1/keys*, key secrets for /v1/whoami.
// Both are looked up by SHA-256 hash through a unique index, each in its own
// table, so a key secret can never pass as an admin token. Each has its own
// failed-attempt limiter (see rate-limit.ts for the rules and why).
import type { MiddlewareHandler } from 'hono';
import { isWellFormedSecret } from '../lib/shared/contract/secret';
import type { AdminRole } from '../lib/shared/contract/audit';
import { ApiError } from './errors';
import { clientAddress, type AppEnv, type Ctx, type Deps } from './context';
import { isExpired, sha256Hex } from './keys';
import type { AuthLimiter } from './rate-limit';
import type { KeyRow } from './store';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="workbase"' };

/** The credential from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** 429 before the credential is looked up, so a blocked attempt learns nothing about it. */
async function throwIfBlocked(limiter: AuthLimiter, address: string, credentialHash: string): Promise<void> {
  const blocked = await limiter.check(address, credentialHash);
  if (!blocked) return;
  const what = blocked.reason === 'credential' ? 'This credential failed too many times' : 'Too many different credentials failed from this address';
  throw new ApiError(429, 'rate_limited', `${what}. Try again in ${blocked.retryAfter} s.`, {
    headers: { 'retry-after': String(blocked.retryAfter) },
  });
}

const ROLE_RANK: Readonly<Record<AdminRole, number>> = { viewer: 0, admin: 1, owner: 2 };
const ROLE_PLURAL: Readonly<Record<AdminRole, string>> = { viewer: 'Viewers', admin: 'Admins', owner: 'Owners' };

/** What an admin route needs: the least role, and the action named when a lesser role is refused. */
export interface AdminAccess {
  role: AdminRole;
  /** e.g. "generate keys": "Viewers can't generate keys." */
  what: string;
}

/**
 * Who the token belongs to, then whether their role may do this. The role is
 * read with the token on every request, so a role change or revocation by the
 * CLI is judged on the very next request.
 */
export function requireAdmin(deps: Deps, access: AdminAccess): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token === undefined) {
      throw new ApiError(401, 'unauthorized', 'An admin token is required: Authorization: Bearer <token>.', { headers: CHALLENGE });
    }
    const address = clientAddress(c);
    const tokenHash = sha256Hex(token);
    await throwIfBlocked(deps.limits.admin, address, tokenHash);
    const admin = await deps.store.findAdminByTokenHash(tokenHash);
    if (!admin) {
      await deps.limits.admin.recordFailure(address, tokenHash);
      await deps.failedAuth.record(c);
      throw new ApiError(401, 'unauthorized', 'The admin token is not valid.', { headers: CHALLENGE });
    }
    deps.limits.admin.recordSuccess(address, tokenHash);
    if (ROLE_RANK[admin.role] < ROLE_RANK[access.role]) {
      throw new ApiError(403, 'forbidden', `${ROLE_PLURAL[admin.role]} can't ${access.what}.`);
    }
    c.set('adminTokenHash', tokenHash);
    c.set('admin', admin);
    await next();
  };
}

/** Sets keyRow to the active key the secret belongs to, or throws a 401 saying why not. */
export function requireKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('keyRow', await authenticateKey(deps, c));
    await next();
  };
}

async function authenticateKey(deps: Deps, c: Ctx): Promise<KeyRow> {
  const secret = bearerToken(c.req.header('authorization'));
  if (secret === undefined) {
    throw new ApiError(401, 'key_invalid', 'An API key is required: Authorization: Bearer <key>.', { headers: CHALLENGE });
  }
  const address = clientAddress(c);
  const secretHash = sha256Hex(secret);
  await throwIfBlocked(deps.limits.key, address, secretHash);
  // Shape and checksum first: typos and garbage never reach the database.
  const row = isWellFormedSecret(secret) ? await deps.store.findKeyBySecretHash(secretHash) : undefined;
  if (!row) {
    await deps.limits.key.recordFailure(address, secretHash);
    throw new ApiError(401, 'key_invalid', 'The API key is not valid.', { headers: CHALLENGE });
  }
  if (isExpired(row, deps.clock())) {
    throw new ApiError(401, 'key_expired', 'The API key has expired.', { headers: CHALLENGE });
  }
  deps.limits.key.recordSuccess(address, secretHash);
  return row;
}
