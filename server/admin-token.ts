// Admin tokens: stored as SHA-256 only. An operator-supplied token is added on
// every start; an empty database without one gets a generated token, which is
// returned (to be shown once) and optionally written to a 0600 file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from './keys';
import type { Store } from './store';

export const ADMIN_TOKEN_MIN_LENGTH = 32;
export const ADMIN_TOKEN_PREFIX = 'wbadm_';

/** wbadm_ + 32 base64url characters = 192 bits from the OS CSPRNG. */
export function generateAdminToken(): string {
  return ADMIN_TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function checkAdminToken(token: string): void {
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new Error(`The admin token must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters long (got ${token.length}).`);
  }
}

/** Returns the newly generated token, or null when one already existed or was supplied. */
export function ensureAdminToken(store: Store, supplied: string | undefined, now: number): string | null {
  if (supplied !== undefined) {
    checkAdminToken(supplied);
    store.addAdminTokenHash(sha256Hex(supplied), 'env', now);
  }
  if (store.countAdminTokens() > 0) return null;
  const token = generateAdminToken();
  store.addAdminTokenHash(sha256Hex(token), 'generated', now);
  return token;
}

/** Written via a temp file + rename so a reader never sees a half-written or world-readable token. */
export function writeTokenFile(path: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, token, { mode: 0o600 });
  renameSync(temp, path);
}
