// GET /v1/keys/{id}: one key's metadata (never its secret).
import type { KeyResponse } from '../../lib/shared/contract/schemas';
import type { Deps } from '../context';
import { notFound } from '../errors';
import { toKeyMeta } from '../keys';
import { keyIdParam } from './params';
import type { Route } from './route';

export const getKeyRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/keys/:id',
  auth: { role: 'viewer', what: 'read keys' },
  handler: async (c) => {
    const row = await deps.store.getKey(keyIdParam(c));
    if (!row) throw notFound();
    const body: KeyResponse = { key: toKeyMeta(row, deps.clock()) };
    return c.json(body);
  },
});
