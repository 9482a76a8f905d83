// POST /v1/keys/{id}/replace: rotation in one transaction. A new key is made
// and the old one's expiry is shortened to now + graceSeconds, so clients can
// switch over; it is never extended, and an expired old key is left alone.
import { type ReplaceKeyResponse } from '../../lib/shared/contract/schemas';
import { ReplaceKeyRequest } from '../../lib/shared/contract/requests';
import { auditEvent } from '../audit';
import { parseWith, readJson } from '../body';
import type { Deps } from '../context';
import { ApiError, notFound } from '../errors';
import { claim, idempotencyFor, idempotencyHeader, remember } from '../idempotency';
import { isExpired, toKeyMeta } from '../keys';
import { mintKey, parseExpiry, requireFuture } from '../mint';
import type { KeyRow, StoreOps } from '../store';
import { keyIdParam } from './params';
import type { Route } from './route';

/** The old key after the grace rule: min(current expiry, now + grace); expired keys unchanged. */
async function shortenExpiry(tx: StoreOps, old: KeyRow, graceSeconds: number, now: number): Promise<KeyRow> {
  if (isExpired(old, now)) return old;
  const until = now + graceSeconds * 1000;
  if (old.expires_at !== null && old.expires_at <= until) return old;
  const updated = await tx.setExpiry(old.id, until);
  if (!updated) throw new Error('replace: the old key vanished inside the transaction');
  return updated;
}

export const replaceKeyRoute = (deps: Deps): Route => ({
  method: 'POST',
  path: '/v1/keys/:id/replace',
  auth: { role: 'admin', what: 'replace keys' },
  handler: async (c) => {
    const oldId = keyIdParam(c);
    const idemKey = idempotencyHeader(c);
    const body = parseWith(ReplaceKeyRequest, await readJson(c));
    const expiresAt = parseExpiry(body.expiresAt);
    const idem = idempotencyFor(c, idemKey, ['POST /v1/keys/{id}/replace', oldId, body.name, expiresAt, body.graceSeconds]);
    const now = deps.clock();
    const outcome = await deps.store.atomically(async (tx) => {
      const prior = await claim(tx, idem, now);
      if (prior) {
        const old = await tx.getKey(oldId);
        if (!old) {
          throw new ApiError(409, 'idempotency_conflict', 'The key replaced by this request was deleted since; its replacement still exists.');
        }
        return { prior, old } as const;
      }
      const old = await tx.getKey(oldId);
      if (!old) throw notFound();
      requireFuture(expiresAt, now);
      // Old first, then new: if the insert fails, the rollback provably undoes the shortening too.
      const replaced = await shortenExpiry(tx, old, body.graceSeconds, now);
      const admin = c.get('admin');
      const minted = mintKey(body.name, expiresAt, now, { id: admin.id, name: admin.name });
      await tx.insertKey(minted.insert);
      await tx.recordAudit(
        auditEvent(c, now, 'key.replaced', old, { newKeyId: minted.row.id, newName: minted.row.name, graceSeconds: body.graceSeconds }),
      );
      await remember(tx, idem, minted.row.id, now);
      return { minted, replaced } as const;
    });
    if (outcome.prior) {
      const replay: ReplaceKeyResponse = {
        key: toKeyMeta(outcome.prior, now),
        secret: null,
        alreadyIssued: true,
        replaced: toKeyMeta(outcome.old, now),
      };
      return c.json(replay, 200, { 'cache-control': 'no-store', location: `/v1/keys/${outcome.prior.id}` });
    }
    const { minted, replaced } = outcome;
    const response: ReplaceKeyResponse = {
      key: toKeyMeta(minted.row, now),
      secret: minted.secret,
      replaced: toKeyMeta(replaced, now),
    };
    return c.json(response, 201, { 'cache-control': 'no-store', location: `/v1/keys/${minted.row.id}` });
  },
});
