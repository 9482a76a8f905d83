// Boot: open the database, make sure an admin token exists, listen. Returns a
// handle whose close() drains in-flight requests and checkpoints the WAL.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type Log } from './app';
import { ensureAdminToken, writeTokenFile } from './admin-token';
import { allowedHosts, parsePublicUrl } from './host-check';
import { systemClock, type Clock } from './clock';
import { closeDb, openDb } from './db';
import type { RateLimitOptions } from './rate-limit';
import { Store } from './store';
import { OidcVerifier, type OidcOptions } from './oidc';
import { answerUnknownMethods } from './unknown-method';

export interface StartOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1: the reference server is for loopback use. */
  host?: string;
  /** Another URL clients reach the server by (a proxy or DNS name): its host is answered too. */
  publicUrl?: string;
  dbPath: string;
  /** Added (hashed) to the accepted admin tokens; at least 32 characters. */
  adminToken?: string;
  /** Where to write a newly generated admin token (mode 0600). */
  adminTokenFile?: string;
  log?: Log;
  clock?: Clock;
  rateLimit?: Partial<RateLimitOptions>;
  /** SSO with the organization's OpenID provider (see docs/sso.md). */
  oidc?: OidcOptions;
}

export interface StartedServer {
  url: string;
  port: number;
  /** The token created on this start (empty database, none supplied), else null. */
  generatedAdminToken: string | null;
  close(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;

export async function startServer(options: StartOptions): Promise<StartedServer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  if (options.publicUrl !== undefined) parsePublicUrl(options.publicUrl);
  const db = openDb(options.dbPath);
  try {
    const generatedAdminToken = ensureAdminToken(new Store(db), options.adminToken, clock());
    if (generatedAdminToken !== null && options.adminTokenFile) writeTokenFile(options.adminTokenFile, generatedAdminToken);

    // Filled in once listening (the port may be 0 until then); no request arrives before.
    const hosts = new Set<string>();
    const knownSecrets = [options.adminToken, generatedAdminToken].filter((t): t is string => typeof t === 'string');
    const app = createApp({
      db,
      clock,
      log: options.log,
      rateLimit: options.rateLimit,
      allowedHosts: hosts,
      knownSecrets,
      oidc: options.oidc && new OidcVerifier(options.oidc),
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }) as Server;
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
    answerUnknownMethods(server, hosts);
    const port = (server.address() as AddressInfo).port;
    for (const h of allowedHosts(host, port, options.publicUrl)) hosts.add(h);
    const urlHost = host.includes(':') ? `[${host}]` : host;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= new Promise<void>((resolve) => {
        // Stop accepting; in-flight requests finish, idle keep-alive sockets go now.
        const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
        force.unref();
        // A keep-alive socket whose request finishes after close() would
        // otherwise linger until its idle timeout; sweep them as they go idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          closeDb(db);
          resolve();
        });
        server.closeIdleConnections();
      }));

    return { url: `http://${urlHost}:${port}`, port, generatedAdminToken, close };
  } catch (error) {
    closeDb(db);
    throw error;
  }
}
