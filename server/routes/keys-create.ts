// POST /v1/keys: the only response besides replace that ever carries a
// secret. The server keeps just its hash and hint, so a lost secret means a
// new key. With an Idempotency-Key, a retried create names the same key.
import { type CreateKeyResponse } from '../../lib/shared/contract/schemas';
import { CreateKeyRequest } from '../../lib/shared/contract/requests';
import { auditEvent } from '../audit';
import { parseWith, readJson } from '../body';
import type { Deps } from '../context';
import { claim, idempotencyFor, idempotencyHeader, remember } from '../idempotency';
import { toKeyMeta } from '../keys';
import { mintKey, parseExpiry, requireFuture } from '../mint';
import type { Route } from './route';

export const createKeyRoute = (deps: Deps): Route => ({
  method: 'POST',
  path: '/v1/keys',
  auth: { role: 'admin', what: 'generate keys' },
  handler: async (c) => {
    const idemKey = idempotencyHeader(c);
    const body = parseWith(CreateKeyRequest, await readJson(c));
    const expiresAt = parseExpiry(body.expiresAt);
    const idem = idempotencyFor(c, idemKey, ['POST /v1/keys', body.name, expiresAt]);
    const now = deps.clock();
    const outcome = await deps.store.atomically(async (tx) => {
      // Replay before the future check: a retry after the key's expiry still names it.
      const prior = await claim(tx, idem, now);
      if (prior) return { prior } as const;
      requireFuture(expiresAt, now);
      const admin = c.get('admin');
      const minted = mintKey(body.name, expiresAt, now, { id: admin.id, name: admin.name });
      await tx.insertKey(minted.insert);
      await tx.recordAudit(auditEvent(c, now, 'key.created', minted.row));
      await remember(tx, idem, minted.row.id, now);
      return { minted } as const;
    });
    if (outcome.prior) {
      const replay: CreateKeyResponse = { key: toKeyMeta(outcome.prior, now), secret: null, alreadyIssued: true };
      return c.json(replay, 200, { 'cache-control': 'no-store', location: `/v1/keys/${outcome.prior.id}` });
    }
    const { row, secret } = outcome.minted;
    const response: CreateKeyResponse = { key: toKeyMeta(row, now), secret };
    return c.json(response, 201, { 'cache-control': 'no-store', location: `/v1/keys/${row.id}` });
  },
});
