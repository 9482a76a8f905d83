// Making a new key: shared by create and replace so both validate expiry and
// build rows the same way. The secret leaves here only to go into the response.
import { instantMs } from '../lib/shared/contract/schemas';
import { generateSecret, secretHint } from '../lib/shared/contract/secret';
import { invalidRequest } from './errors';
import { newKeyId, sha256Hex } from './keys';
import type { KeyCreator, KeyRow, NewKey } from './store';

/** The instant in ms, or null for "never". Not yet checked against the clock. */
export function parseExpiry(expiresAt: string | null): number | null {
  if (expiresAt === null) return null;
  // The schema already checked the range with the same function; this cannot fail for parsed input.
  const ms = instantMs(expiresAt);
  if (ms === undefined) throw invalidRequest('expiresAt', 'expiresAt: Not a valid instant.');
  return ms;
}

/** Judged by the server's clock: a key born expired would be useless. */
export function requireFuture(expiresAt: number | null, now: number): void {
  if (expiresAt !== null && expiresAt <= now) throw invalidRequest('expiresAt', 'expiresAt: Must be in the future.');
}

export interface Minted {
  insert: NewKey;
  row: KeyRow;
  secret: string;
}

export function mintKey(name: string, expiresAt: number | null, now: number, createdBy: KeyCreator | null = null): Minted {
  const secret = generateSecret();
  const insert: NewKey = {
    id: newKeyId(),
    name,
    hint: secretHint(secret),
    secretHash: sha256Hex(secret),
    createdAt: now,
    expiresAt,
    createdBy,
  };
  const row: KeyRow = {
    id: insert.id,
    name,
    hint: insert.hint,
    created_at: now,
    expires_at: expiresAt,
    last_used_at: null,
    created_by_id: createdBy?.id ?? null,
    created_by_name: createdBy?.name ?? null,
  };
  return { insert, row, secret };
}
