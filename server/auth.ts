// Authentication: admin tokens or SSO access tokens for the admin routes, key
// secrets for /v1/whoami. Tokens are looked up by SHA-256 hash through a
// unique index, each in its own table, so a key secret can never pass as an
// admin token; access tokens are JWTs checked against the provider's keys
// (oidc.ts). Each scope has its own failed-attempt limiter (see rate-limit.ts).
import type { MiddlewareHandler } from 'hono';
import { isWellFormedSecret } from '../lib/shared/contract/secret';
import type { AdminRole } from '../lib/shared/contract/audit';
import { ApiError } from './errors';
import { clientAddress, type AppEnv, type Ctx, type Deps } from './context';
import { isExpired, sha256Hex } from './keys';
import type { AuthLimiter } from './rate-limit';
import { OidcTokenError, OidcUnavailableError, looksLikeJwt, type OidcPerson, type OidcVerifier } from './oidc';
import type { AdminIdentity, KeyRow } from './store';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="workbase"' };

/** The credential from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** 429 before the credential is looked up, so a blocked attempt learns nothing about it. */
function throwIfBlocked(limiter: AuthLimiter, address: string, credentialHash: string): void {
  const blocked = limiter.check(address, credentialHash);
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
    throwIfBlocked(deps.limits.admin, address, tokenHash);
    // An admin token first, even one shaped like a JWT: WORKBASE_ADMIN_TOKEN may be any string.
    let admin = deps.store.findAdminByTokenHash(tokenHash);
    let method: 'sso' | 'token' = 'token';
    if (!admin && deps.oidc && looksLikeJwt(token)) {
      const person = await verifyAccessToken(deps.oidc, token, deps.clock(), () => {
        deps.limits.admin.recordFailure(address, tokenHash);
        deps.failedAuth.record(c);
      });
      deps.limits.admin.recordSuccess(address, tokenHash);
      admin = ssoAdmin(deps, person);
      method = 'sso';
    }
    if (!admin) {
      deps.limits.admin.recordFailure(address, tokenHash);
      deps.failedAuth.record(c);
      throw new ApiError(401, 'unauthorized', 'The admin token is not valid.', { headers: CHALLENGE });
    }
    if (method === 'token') deps.limits.admin.recordSuccess(address, tokenHash);
    if (ROLE_RANK[admin.role] < ROLE_RANK[access.role]) {
      throw new ApiError(403, 'forbidden', `${ROLE_PLURAL[admin.role]} can't ${access.what}.`);
    }
    // Idempotency scope: an access token changes at every refresh, so a retry
    // after a refresh must still find its record: scope SSO by the person.
    c.set('adminTokenHash', method === 'sso' ? `sso:${admin.id}` : tokenHash);
    c.set('admin', admin);
    c.set('authMethod', method);
    await next();
  };
}

/**
 * The person an access token speaks for, or a 401 naming the failed check
 * (token_expired when only the time is up: the extension refreshes on it).
 * A failure counts like a wrong admin token. The token itself appears in no
 * message and no log.
 */
async function verifyAccessToken(oidc: OidcVerifier, token: string, now: number, failed: () => void): Promise<OidcPerson> {
  try {
    return await oidc.verify(token, now);
  } catch (error) {
    if (error instanceof OidcTokenError) {
      failed();
      const code = error.failure === 'expired' ? 'token_expired' : 'unauthorized';
      // RFC 6750 §3: the client learns it is the token, not the request.
      const challenge = `Bearer realm="workbase", error="invalid_token", error_description="${error.message.replace(/["\\]/g, '')}"`;
      throw new ApiError(401, code, error.message, { headers: { 'www-authenticate': challenge } });
    }
    if (error instanceof OidcUnavailableError) throw new ApiError(503, 'provider_unavailable', error.message, { headers: { 'retry-after': '5' } });
    throw error;
  }
}

/**
 * The admins row of a signed-in person, read on every request like a token's
 * (a role change or revocation holds from the next request). By default the
 * admins table gives the role (`admins add --email … --role …`); with
 * --oidc-role-claim the token's claim does, and the row is kept for a
 * stable actor id. No role, or a revoked row: 403 not_an_admin naming them.
 */
function ssoAdmin(deps: Deps, person: OidcPerson): AdminIdentity {
  const notAnAdmin = (why = '') => new ApiError(403, 'not_an_admin', `Signed in as ${person.email}, who is not an admin of this key API${why}.`);
  // People are matched by email, so an email the provider says it has not verified (self-service sign-up,
  // a changed address) could be anyone's.
  if (!person.emailVerified) throw notAnAdmin(' (the provider has not verified this email)');
  const claimMode = deps.oidc?.config.roleClaim !== undefined;
  if (claimMode) {
    if (person.claimedRole === null) throw notAnAdmin(` (no viewer, admin or owner in the "${deps.oidc?.config.roleClaim}" claim)`);
    const existing = deps.store.findAdminByEmail(person.email);
    if (!existing || (existing.has_token === 0 && (existing.name !== person.name || existing.role !== person.claimedRole))) {
      deps.store.saveSsoAdmin({ email: person.email, name: person.name, role: person.claimedRole, at: deps.clock() });
    }
  }
  const row = deps.store.findAdminByEmail(person.email);
  if (!row) throw notAnAdmin();
  if (row.revoked_at !== null) throw notAnAdmin(' (their access was revoked)');
  return { id: row.id, name: person.name, email: row.email, role: claimMode && person.claimedRole ? person.claimedRole : row.role };
}

/** Sets keyRow to the active key the secret belongs to, or throws a 401 saying why not. */
export function requireKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('keyRow', authenticateKey(deps, c));
    await next();
  };
}

function authenticateKey(deps: Deps, c: Ctx): KeyRow {
  const secret = bearerToken(c.req.header('authorization'));
  if (secret === undefined) {
    throw new ApiError(401, 'key_invalid', 'An API key is required: Authorization: Bearer <key>.', { headers: CHALLENGE });
  }
  const address = clientAddress(c);
  const secretHash = sha256Hex(secret);
  throwIfBlocked(deps.limits.key, address, secretHash);
  // Shape and checksum first: typos and garbage never reach the database.
  const row = isWellFormedSecret(secret) ? deps.store.findKeyBySecretHash(secretHash) : undefined;
  if (!row) {
    deps.limits.key.recordFailure(address, secretHash);
    throw new ApiError(401, 'key_invalid', 'The API key is not valid.', { headers: CHALLENGE });
  }
  if (isExpired(row, deps.clock())) {
    throw new ApiError(401, 'key_expired', 'The API key has expired.', { headers: CHALLENGE });
  }
  deps.limits.key.recordSuccess(address, secretHash);
  return row;
}
