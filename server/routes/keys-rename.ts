// PATCH /v1/keys/{id}: rename only. Expiry is immutable by design: extending
// a key would silently widen access, so the caller must mint a new key.
import { type KeyResponse } from '../../lib/shared/contract/schemas';
import { RenameKeyRequest } from '../../lib/shared/contract/requests';
import { auditEvent } from '../audit';
import { parseWith, readJson } from '../body';
import type { Deps } from '../context';
import { ApiError, notFound } from '../errors';
import { toKeyMeta } from '../keys';
import { keyIdParam } from './params';
import type { Route } from './route';

export const renameKeyRoute = (deps: Deps): Route => ({
  method: 'PATCH',
  path: '/v1/keys/:id',
  auth: { role: 'admin', what: 'rename keys' },
  handler: async (c) => {
    const id = keyIdParam(c);
    const body = await readJson(c);
    // Before the strict schema, so the caller learns why rather than "unknown field".
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'expiresAt')) {
      throw new ApiError(400, 'expiry_immutable', "A key's expiry cannot be changed; create a new key instead.", {
        field: 'expiresAt',
      });
    }
    const { name } = parseWith(RenameKeyRequest, body);
    const now = deps.clock();
    const row = await deps.store.atomically(async (tx) => {
      const old = await tx.getKey(id);
      if (!old) throw notFound();
      const renamed = await tx.renameKey(id, name);
      if (!renamed) throw new Error('rename: the key vanished inside the transaction');
      await tx.recordAudit(auditEvent(c, now, 'key.renamed', renamed, { oldName: old.name, newName: renamed.name }));
      return renamed;
    });
    const response: KeyResponse = { key: toKeyMeta(row, now) };
    return c.json(response);
  },
});
