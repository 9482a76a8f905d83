// DELETE /v1/keys/{id}: hard delete, so the very next whoami with the secret
// finds no row and answers key_invalid. A second delete is 404.
import { requireAdmin } from '../auth';
import type { App, Deps } from '../context';
import { notFound } from '../errors';
import { keyIdParam } from './params';

export function registerDeleteKey(app: App, deps: Deps): void {
  app.delete('/v1/keys/:id', requireAdmin(deps), (c) => {
    if (!deps.store.deleteKey(keyIdParam(c))) throw notFound();
    return c.body(null, 204);
  });
}
