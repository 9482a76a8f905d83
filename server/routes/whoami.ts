// GET /v1/whoami: authenticates with a key secret (not the admin token).
import type { WhoamiResponse } from '../../lib/shared/contract/schemas';
import { authenticateKey } from '../auth';
import type { App, Deps } from '../context';

/** lastUsedAt is coalesced: a hot key costs at most one write per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function registerWhoami(app: App, deps: Deps): void {
  app.get('/v1/whoami', (c) => {
    const row = authenticateKey(deps, c);
    const now = deps.clock();
    // The row we just read holds the last write, so no separate in-memory map
    // is needed and the coalescing survives restarts.
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      deps.store.touchKey(row.id, now);
    }
    const body: WhoamiResponse = { keyId: row.id, name: row.name };
    return c.json(body);
  });
}
