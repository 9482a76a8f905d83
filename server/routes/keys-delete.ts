// DELETE /v1/keys/{id}: hard delete, so the very next whoami with the secret
// finds no row and answers key_invalid. A second delete is 404.
import { requireAdmin } from '../auth';
import type { Deps } from '../context';
import { notFound } from '../errors';
import { keyIdParam } from './params';
import type { Route } from './route';

export const deleteKeyRoute = (deps: Deps): Route => ({
  method: 'DELETE',
  path: '/v1/keys/:id',
  auth: requireAdmin(deps),
  handler: (c) => {
    if (!deps.store.deleteKey(keyIdParam(c))) throw notFound();
    return c.body(null, 204);
  },
});
