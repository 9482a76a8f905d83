// One route table: each route module exports its entry, and app.ts both
// registers them and derives the 405/Allow table from the same list, so a new
// method can never be routed yet missing from Allow (or the reverse).
import type { Handler } from 'hono';
import type { AdminAccess } from '../auth';
import type { AppEnv } from '../context';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
  method: Method;
  path: string;
  /**
   * Authentication and authorization, run before any other check of this
   * route: an admin token of at least this role, a key secret, or null =
   * public. The one place a route's required role is written.
   */
  auth: AdminAccess | 'key' | null;
  /** The query parameters this route understands; any other is 400 (none when absent). */
  query?: readonly string[];
  handler: Handler<AppEnv>;
}

/** Path → Allow header value, in registration order; HEAD is implied by GET (Hono answers it). */
export function allowTable(routes: readonly Route[]): Map<string, string> {
  const methods = new Map<string, string[]>();
  for (const route of routes) {
    const list = methods.get(route.path) ?? [];
    if (!methods.has(route.path)) methods.set(route.path, list);
    if (!list.includes(route.method)) list.push(route.method);
    if (route.method === 'GET' && !list.includes('HEAD')) list.push('HEAD');
  }
  return new Map([...methods].map(([path, list]) => [path, list.join(', ')]));
}
