// GET /v1/whoami: authenticates with a key secret (not the admin token).
// Read-only: the use is recorded in this node's lastUsedAt buffer (last-used.ts).
import type { WhoamiResponse } from '../../lib/shared/contract/schemas';
import type { Deps } from '../context';
import type { Route } from './route';

export const whoamiRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/whoami',
  auth: 'key',
  handler: (c) => {
    const row = c.get('keyRow');
    deps.lastUsed.record(row.id, deps.clock());
    const body: WhoamiResponse = { keyId: row.id, name: row.name };
    return c.json(body);
  },
});
