// GET /v1/whoami: authenticates with a key secret (not the admin token).
import type { WhoamiResponse } from '../../lib/shared/contract/schemas';
import type { Deps } from '../context';
import type { Route } from './route';

/** lastUsedAt is coalesced: a hot key costs at most one write per minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const whoamiRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/whoami',
  auth: 'key',
  handler: async (c) => {
    const row = c.get('keyRow');
    const now = deps.clock();
    // The row we just read holds the last write, so no separate in-memory map
    // is needed and the coalescing survives restarts.
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      await deps.store.touchKey(row.id, now);
    }
    const body: WhoamiResponse = { keyId: row.id, name: row.name };
    return c.json(body);
  },
});
