// The HTTP application: routes plus the guarantees that hold for every
// response (error envelope, no-store, one log line). No I/O setup here;
// start.ts opens the database and the socket.
import { Hono, type MiddlewareHandler } from 'hono';
import { systemClock, type Clock } from './clock';
import type { App, AppEnv, Deps } from './context';
import type { Db } from './db';
import { ApiError, errorResponse } from './errors';
import { randomUUID } from 'node:crypto';
import { FailedAuthLog } from './audit';
import { bearerToken, requireAdmin, requireKey } from './auth';
import { closeAfterUnreadBody } from './graceful-close';
import { requireKnownHost } from './host-check';
import { sha256Hex } from './keys';
import { createRedactor } from './log-redact';
import { DEFAULT_RATE_LIMIT, createLimiters, type RateLimitOptions } from './rate-limit';
import { Store } from './store';
import type { OidcVerifier } from './oidc';
import { routes } from './routes';
import { refuseIdempotencyKey, refuseUnknownQuery } from './routes/params';
import { operationFor } from '../lib/shared/contract/openapi';
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
  /** Credentials known in clear (the admin token of this start): redacted from the log by value. */
  knownSecrets?: readonly string[];
  /** SSO: validates OIDC access tokens on the admin routes (absent: admin tokens only). */
  oidc?: OidcVerifier | undefined;
}

const open: MiddlewareHandler<AppEnv> = (_c, next) => next();

/** The path exactly as sent (still percent-encoded), without the query string. */
function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.indexOf('?', start);
  return end === -1 ? url.slice(start) : url.slice(start, end);
}

export function createApp(options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const store = new Store(options.db);
  const deps: Deps = {
    store,
    clock,
    limits: createLimiters({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit }, clock),
    failedAuth: new FailedAuthLog(store, clock),
    oidc: options.oidc,
  };
  const app = new Hono<AppEnv>();

  // A request id on every answer, recorded with its audit event: a support
  // question ("this failed at 14:02") finds the event and the log line.
  app.use('*', async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    c.header('x-request-id', id);
    await next();
    // Error envelopes are built as fresh Responses (onError, guards), which
    // Hono does not merge prepared headers into. Only their headers are read:
    // reading a success's headers would cost @hono/node-server's fast path.
    if (c.res.status >= 400 && !c.res.headers.has('x-request-id')) c.res.headers.set('x-request-id', id);
  });

  const redact = createRedactor(options.knownSecrets ?? [], (candidate) => deps.store.isAdminTokenHash(sha256Hex(candidate)));

  // One line per request: method, path (no query string), status, duration.
  // Never headers or bodies: they carry tokens and secrets.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    log(`${c.req.method} ${redact(rawPath(c.req.url), () => bearerToken(c.req.header('authorization')))} ${c.res.status} ${ms}ms`);
  });

  // Answered without reading the whole body (413, 401 on a POST, …): close so
  // the client still reads the answer (see graceful-close.ts).
  app.use('*', async (c, next) => {
    await next();
    closeAfterUnreadBody(c.env?.incoming, c.res.headers);
  });

  if (options.allowedHosts) app.use('*', requireKnownHost(options.allowedHosts));

  // Paths are exact up to RFC 3986's equivalence: a percent-encoded
  // unreserved character is that character (%6B is k; Hono decodes it, and so
  // do OpenAPI tools). Any other escape (%2F, %20, non-ASCII) names nothing:
  // no path or id of ours contains one, and %2F must never become a separator.
  app.use('*', async (c, next) => {
    if (/%(?![46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])/.test(rawPath(c.req.url))) {
      return errorResponse(404, 'not_found', 'No such endpoint.');
    }
    await next();
  });

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
    const auth = route.auth === null ? open : route.auth === 'key' ? requireKey(deps) : requireAdmin(deps, route.auth);
    const op = operationFor(route.method, route.path);
    const idempotency = op?.idempotent ? [] : [refuseIdempotencyKey(op)];
    app.on(route.method, route.path, auth, refuseUnknownQuery(route.query ?? []), ...idempotency, route.handler);
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
