// Key values: ids, hashing, and the row → KeyMeta mapping (where status is
// computed, so it always reflects the server's clock, never a stored flag).
import { createHash, randomBytes } from 'node:crypto';
import { formatInstant, type KeyMeta } from '../lib/shared/contract/schemas';
import type { KeyRow } from './store';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_RANDOM_LENGTH = 24; // 24 base36 chars ≈ 124 bits: unguessable, collision-free in practice

export function newKeyId(): string {
  let out = 'key_';
  while (out.length < 4 + ID_RANDOM_LENGTH) {
    for (const byte of randomBytes(32)) {
      // 252 = 7 × 36: rejecting 252..255 keeps every character equally likely.
      if (byte < 252 && out.length < 4 + ID_RANDOM_LENGTH) out += ID_ALPHABET[byte % 36];
    }
  }
  return out;
}

/** SHA-256 hex. Secrets have ~190 bits of entropy, so a fast unsalted hash is enough and allows an indexed lookup. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Throws on an out-of-range instant rather than answer one the contract refuses. */
const iso = (ms: number): string => formatInstant(ms);

export function isExpired(row: Pick<KeyRow, 'expires_at'>, now: number): boolean {
  return row.expires_at !== null && now >= row.expires_at;
}

export function toKeyMeta(row: KeyRow, now: number): KeyMeta {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdAt: iso(row.created_at),
    expiresAt: row.expires_at === null ? null : iso(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
    status: isExpired(row, now) ? 'expired' : 'active',
    createdBy: row.created_by_id === null ? null : { id: row.created_by_id, name: row.created_by_name ?? '' },
  };
}
