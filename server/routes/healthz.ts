// Liveness for launchers and load balancers: no auth, no database work.
import type { Route } from './route';

export const healthzRoute = (): Route => ({
  method: 'GET',
  path: '/healthz',
  auth: null,
  handler: (c) => c.json({ status: 'ok' }),
});
