// GET /v1/keys/{id}: one key's metadata (never its secret).
import type { KeyResponse } from '../../lib/shared/contract/schemas';
import { requireAdmin } from '../auth';
import type { App, Deps } from '../context';
import { notFound } from '../errors';
import { toKeyMeta } from '../keys';
import { keyIdParam } from './params';

export function registerGetKey(app: App, deps: Deps): void {
  app.get('/v1/keys/:id', requireAdmin(deps), (c) => {
    const row = deps.store.getKey(keyIdParam(c));
    if (!row) throw notFound();
    const body: KeyResponse = { key: toKeyMeta(row, deps.clock()) };
    return c.json(body);
  });
}
