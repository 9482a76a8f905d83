// Health for launchers and load balancers: no auth; one trivial query, so a
// node whose database is unreachable answers 503 store_unavailable and is
// taken out of rotation until the database is back.
import type { Deps } from '../context';
import { StoreUnavailableError } from '../store';
import type { Route } from './route';

/** A health check must answer quickly even when the network to the database black-holes. */
const PING_TIMEOUT_MS = 2000;

function withTimeout(ping: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`no answer from the database in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
}

export const healthzRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/healthz',
  auth: null,
  handler: async (c) => {
    await withTimeout(deps.store.ping());
    return c.json({ status: 'ok', store: deps.store.kind });
  },
});
