// Path and query helpers shared by the key routes.
import { IDEMPOTENCY_HEADER, KeyId } from '../../lib/shared/contract/schemas';
import type { Operation } from '../../lib/shared/contract/openapi';
import { parseWith } from '../body';
import { invalidRequest, notFound } from '../errors';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Ctx } from '../context';

/** The :id path parameter; a malformed id cannot name a key, so it is 404 like an unknown one. */
export function keyIdParam(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (!KeyId.safeParse(id).success) throw notFound();
  return id;
}

/** The query string's parameters in URL order, decoded once (URLSearchParams: no prototype lookups). */
function queryEntries(c: Ctx): [string, string][] {
  const url = c.req.url;
  const at = url.indexOf('?');
  return at === -1 ? [] : [...new URLSearchParams(url.slice(at + 1))];
}

/**
 * Refuses, in URL order, the first parameter the route does not know or that
 * is repeated (ambiguous). Runs right after authentication on every route, so
 * no spelling (`__proto__`, `LIMIT`, `limit[]`) is ever silently ignored.
 */
export function refuseUnknownQuery(known: readonly string[]): MiddlewareHandler<AppEnv> {
  const accepted = known.length ? `this endpoint accepts ${known.join(', ')}` : 'this endpoint takes none';
  return async (c, next) => {
    const seen = new Set<string>();
    for (const [name] of queryEntries(c)) {
      if (!known.includes(name)) throw invalidRequest(name, `${name}: Unknown query parameter; ${accepted}.`);
      if (seen.has(name)) throw invalidRequest(name, `${name}: Give this parameter at most once.`);
      seen.add(name);
    }
    await next();
  };
}

/** The query string as a flat object of own properties (refuseUnknownQuery has already vetted the names). */
export function queryObject(c: Ctx): Record<string, string> {
  return Object.fromEntries(queryEntries(c));
}

/**
 * Refuses an Idempotency-Key on an operation that does not take one: the
 * client is asking for retry protection that does not exist there, so it is
 * told rather than silently ignored. The checks that precede it in the
 * documented error precedence (query values, the key id) run first.
 */
export function refuseIdempotencyKey(op: Operation | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.header(IDEMPOTENCY_HEADER) !== undefined) {
      if (op?.query) parseWith(op.query.schema, queryObject(c));
      if (c.req.routePath.includes(':id')) keyIdParam(c);
      throw invalidRequest(
        IDEMPOTENCY_HEADER,
        `${IDEMPOTENCY_HEADER}: This endpoint does not take one; only POST /v1/keys and POST /v1/keys/{id}/replace do.`,
      );
    }
    await next();
  };
}
