// Admin tokens: stored as SHA-256 only. An operator-supplied token is added on
// every start; an empty database without one gets a generated token, which is
// returned (to be shown once) and optionally written to a 0600 file.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './keys';
import { writePrivateFile } from './private-files';
import type { Store } from './store';

export const ADMIN_TOKEN_MIN_LENGTH = 32;
const ADMIN_TOKEN_PREFIX = 'wbadm_';

/** wbadm_ + 32 base64url characters = 192 bits from the OS CSPRNG. */
export function generateAdminToken(): string {
  return ADMIN_TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

// Refused rather than trimmed: the Authorization value is trimmed, so such a
// token could never match, and silently using a different string than the
// operator configured would hide the mistake.
const SURROUNDING_WHITESPACE = /^\s|\s$/;

function checkAdminToken(token: string): void {
  if (SURROUNDING_WHITESPACE.test(token)) {
    throw new Error('The admin token has leading or trailing whitespace (a space or newline); remove it.');
  }
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new Error(`The admin token must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters long (got ${token.length}).`);
  }
}

/** Returns the newly generated token, or null when one already existed or was supplied. */
export async function ensureAdminToken(store: Store, supplied: string | undefined, now: number): Promise<string | null> {
  if (supplied !== undefined) {
    checkAdminToken(supplied);
    await store.addAdminTokenHash(sha256Hex(supplied), 'env', now);
  }
  if ((await store.countAdminTokens()) > 0) return null;
  const token = generateAdminToken();
  await store.addAdminTokenHash(sha256Hex(token), 'generated', now);
  return token;
}

/** 0600, via an exclusive unpredictable temp file + rename: never half-written, world-readable or redirected. */
export function writeTokenFile(path: string, token: string): void {
  writePrivateFile(path, token);
}
