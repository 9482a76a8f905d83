// DELETE /v1/keys/{id}: hard delete, so the very next whoami with the secret
// finds no row and answers key_invalid. A second delete is 404.
// `?reason=leaked&foundOn=<origin>` marks a leak response (the extension's
// "Revoke now"): the audit event records the reason and the page's origin,
// never a path or the key. The request log never holds the query string.
import { DeleteKeyQuery } from '../../lib/shared/contract/leak';
import { auditEvent } from '../audit';
import { parseWith } from '../body';
import type { Deps } from '../context';
import { notFound } from '../errors';
import { keyIdParam, queryObject } from './params';
import type { Route } from './route';

export const deleteKeyRoute = (deps: Deps): Route => ({
  method: 'DELETE',
  path: '/v1/keys/:id',
  auth: { role: 'admin', what: 'delete keys' },
  query: Object.keys(DeleteKeyQuery.shape),
  handler: (c) => {
    const id = keyIdParam(c);
    const query = parseWith(DeleteKeyQuery, queryObject(c));
    const details = query.reason === undefined ? null : { reason: query.reason, foundOn: query.foundOn ?? null };
    const now = deps.clock();
    deps.store.atomically(() => {
      const old = deps.store.getKey(id);
      if (!old || !deps.store.deleteKey(id)) throw notFound();
      deps.store.recordAudit(auditEvent(c, now, 'key.deleted', old, details));
    });
    return c.body(null, 204);
  },
});
