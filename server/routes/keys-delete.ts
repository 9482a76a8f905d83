// DELETE /v1/keys/{id}: hard delete, so the very next whoami with the secret
// finds no row and answers key_invalid. A second delete is 404.
import { auditEvent } from '../audit';
import type { Deps } from '../context';
import { notFound } from '../errors';
import { keyIdParam } from './params';
import type { Route } from './route';

export const deleteKeyRoute = (deps: Deps): Route => ({
  method: 'DELETE',
  path: '/v1/keys/:id',
  auth: { role: 'admin', what: 'delete keys' },
  handler: async (c) => {
    const id = keyIdParam(c);
    const now = deps.clock();
    await deps.store.atomically(async (tx) => {
      const old = await tx.getKey(id);
      if (!old || !(await tx.deleteKey(id))) throw notFound();
      await tx.recordAudit(auditEvent(c, now, 'key.deleted', old));
    });
    return c.body(null, 204);
  },
});
