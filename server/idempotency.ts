// Idempotency-Key for create and replace. A retry with the same key and the
// same request names the key made the first time (never its secret, which was
// not stored); the same key with a different request is a conflict. Callers
// run claim() and remember() inside the transaction that creates the key.
import { IDEMPOTENCY_HEADER, IdempotencyKey } from '../lib/shared/contract/schemas';
import type { Ctx } from './context';
import { ApiError, invalidRequest } from './errors';
import { sha256Hex } from './keys';
import type { KeyRow, StoreOps } from './store';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface Idempotency {
  scope: string;
  key: string;
  /** SHA-256 of the endpoint and the canonical (parsed, normalized) body. */
  requestHash: string;
}

/** The validated header, or undefined when absent (then nothing is remembered). */
export function idempotencyHeader(c: Ctx): string | undefined {
  const value = c.req.header(IDEMPOTENCY_HEADER);
  if (value === undefined) return undefined;
  if (!IdempotencyKey.safeParse(value).success) {
    throw invalidRequest(IDEMPOTENCY_HEADER, `${IDEMPOTENCY_HEADER}: Must be 8–255 printable ASCII characters.`);
  }
  return value;
}

/** `canonical` must be built from parsed values in a fixed order, so equivalent bodies hash the same. */
export function idempotencyFor(c: Ctx, key: string | undefined, canonical: readonly unknown[]): Idempotency | undefined {
  if (key === undefined) return undefined;
  return { scope: c.get('adminTokenHash'), key, requestHash: sha256Hex(JSON.stringify(canonical)) };
}

const conflict = (message: string) => new ApiError(409, 'idempotency_conflict', message);

/**
 * The key an earlier identical request created, or undefined to go ahead.
 * Throws 409 for a different request or a key deleted since.
 */
export async function claim(tx: StoreOps, idem: Idempotency | undefined, now: number): Promise<KeyRow | undefined> {
  if (!idem) return undefined;
  await tx.pruneIdempotency(now - IDEMPOTENCY_TTL_MS);
  const record = await tx.getIdempotency(idem.scope, idem.key);
  if (!record) return undefined;
  if (record.request_hash !== idem.requestHash) {
    throw conflict(`This ${IDEMPOTENCY_HEADER} was already used for a different request; use a new one for a new request.`);
  }
  const row = await tx.getKey(record.key_id);
  if (!row) {
    throw conflict(
      `The key created by this request (${IDEMPOTENCY_HEADER} already used) was deleted since; use a new ${IDEMPOTENCY_HEADER} to create another.`,
    );
  }
  return row;
}

export async function remember(tx: StoreOps, idem: Idempotency | undefined, keyId: string, now: number): Promise<void> {
  if (idem) await tx.addIdempotency(idem.scope, idem.key, idem.requestHash, keyId, now);
}
