// DNS rebinding defence: a hostile page whose name resolves to this machine
// reaches the server with its own name in Host. Only the names the server is
// configured for are answered: loopback names on the listening port, the
// --host it listens on, and the host of --public-url (for a proxy or a DNS name).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { errorResponse } from './errors';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** The Host values (lowercase, host[:port]) a server listening on listenHost:port answers. */
export function allowedHosts(listenHost: string, port: number, publicUrl?: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const listen = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
  if (!WILDCARDS.has(listen)) names.add(listen.toLowerCase());
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    // Clients omit the port when it is the scheme's default.
    if (port === 80) hosts.add(name);
  }
  if (publicUrl !== undefined) {
    const url = parsePublicUrl(publicUrl);
    hosts.add(url.host);
    if (url.port === '') hosts.add(`${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`);
  }
  return hosts;
}

/** An http(s) origin, e.g. https://keys.example.com; throws a message for the operator otherwise. */
export function parsePublicUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The public URL must be an absolute http(s) URL, got "${value}".`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error(`The public URL must be an http(s) origin like https://keys.example.com (no path, query or credentials), got "${value}".`);
  }
  return url;
}

/** Refuses a request whose Host is not in `allowed` (read at request time: the port is known only once listening). */
export function requireKnownHost(allowed: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase();
    if (host === undefined || !allowed.has(host)) {
      // The value is not echoed: it is attacker-chosen and ends up in logs and pages.
      return errorResponse(
        400,
        'invalid_request',
        'Host: This server does not answer to that host name. Use the address it prints at start, or start it with --public-url for another name.',
        'Host',
      );
    }
    await next();
  };
}
