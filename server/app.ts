// The HTTP application: routes plus the guarantees that hold for every
// response (error envelope, no-store, one log line). No I/O setup here;
// start.ts opens the database and the socket.
import { Hono, type MiddlewareHandler } from 'hono';
import { systemClock, type Clock } from './clock';
import type { App, AppEnv, Deps } from './context';
import type { Db } from './db';
import { ApiError, errorResponse } from './errors';
import { requireKnownHost } from './host-check';
import { DEFAULT_RATE_LIMIT, createLimiters, type RateLimitOptions } from './rate-limit';
import { Store } from './store';
import { routes } from './routes';
import { refuseUnknownQuery } from './routes/params';
import { allowTable } from './routes/route';

export type Log = (line: string) => void;

export interface AppOptions {
  db: Db;
  clock?: Clock;
  rateLimit?: Partial<RateLimitOptions>;
  log?: Log;
  /**
   * Host header values to answer (see host-check.ts). startServer always sets
   * it; only in-process tests (app.request) leave it out.
   */
  allowedHosts?: ReadonlySet<string>;
}

const PLAIN_PATH = /^(?:(?!wb(?:k|adm)_)[\x21-\x7e])*$/;

/** The path for the log: bounded, printable, and with anything secret-shaped masked. */
function loggablePath(path: string): string {
  // The common case (short, printable, nothing secret-shaped) needs no copy.
  if (path.length <= 200 && PLAIN_PATH.test(path)) return path;
  const safe = path
    .slice(0, 200)
    .replace(/[^\x21-\x7e]/g, '?')
    .replace(/wb(k|adm)_[0-9A-Za-z_-]*/g, 'wb$1_[redacted]');
  return path.length > 200 ? `${safe}…` : safe;
}

const open: MiddlewareHandler<AppEnv> = (_c, next) => next();

export function createApp(options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const deps: Deps = {
    store: new Store(options.db),
    clock,
    limits: createLimiters({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit }, clock),
  };
  const app = new Hono<AppEnv>();

  // One line per request: method, path (no query string), status, duration.
  // Never headers or bodies: they carry tokens and secrets.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    log(`${c.req.method} ${loggablePath(c.req.path)} ${c.res.status} ${ms}ms`);
  });

  if (options.allowedHosts) app.use('*', requireKnownHost(options.allowedHosts));

  // Key metadata and errors depend on who asks; no shared cache may keep them.
  // Set before the handler, not patched onto c.res after: reading c.res.headers
  // turns @hono/node-server's lightweight response into a full one (measured:
  // a large share of whoami's CPU). Error envelopes carry no-store themselves.
  app.use('*', async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  });

  const table = routes(deps);
  for (const route of table) {
    app.on(route.method, route.path, route.auth ?? open, refuseUnknownQuery(route.query ?? []), route.handler);
  }

  // Known paths, other methods: 405 with Allow, derived from the same table.
  for (const [path, allow] of allowTable(table)) {
    app.all(path, (c) => {
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow}.`, {
        headers: { allow },
      });
    });
  }

  app.notFound(() => errorResponse(404, 'not_found', 'No such endpoint.'));

  app.onError((err) => {
    if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message, err.field, err.headers);
    // Details go to the operator's log only; the client gets a generic envelope.
    log(`error: ${err.stack ?? `${err.name}: ${err.message}`}`);
    return errorResponse(500, 'internal', 'Internal server error.');
  });

  return app;
}
