// Liveness for launchers and load balancers: no auth, no database work.
import type { App } from '../context';

export function registerHealthz(app: App): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
}
