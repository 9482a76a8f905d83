// Everything the handlers need, injected so they run in unit tests without a
// browser, plus the worker's small in-memory state (open caches and syncs in
// flight, one per connection: nothing of one connection is written to another's).
import { createApiClient, fixedCredential, type ApiClient, type CredentialSource, type FetchLike } from './api-client';
import { ApiFailure } from '../shared/errors';
import type { KeysCache } from './stores/keys-cache';
import { MIGRATED_ID, type ConnectionStore } from './stores/connection-store';
import type { Connection } from '../shared/settings/connections';
import type { KeysSnapshot } from '../shared/messages/keys-sync';
import type { NoticeStore } from './notices';
import type { PreferencesStore } from './stores/preferences-store';
import type { RuntimeLike } from '../shared/sender';
import type { ClipboardScheduler } from './clipboard/scheduler';
import { permissionDenied } from './permissions';
import { createSsoRefresher, signedOut } from './auth/sso-credential';
import type { WebAuthFlow } from './auth/web-auth-flow';

export interface Deps {
  connection: ConnectionStore;
  notices: NoticeStore;
  /** Opens (creating if needed) one connection's key cache. */
  openCache: (connectionId: string) => Promise<KeysCache>;
  /** Deletes one connection's key cache whole. */
  deleteCache: (connectionId: string) => Promise<void>;
  /** Migration: moves the cache of before connections into this connection's cache. */
  moveLegacyCache?: (connectionId: string) => Promise<unknown>;
  hasHostPermission: (apiUrl: string) => Promise<boolean>;
  runtime: RuntimeLike;
  now: () => Date;
  newId: () => string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** The admin's settings (warning window, reminders). */
  preferences: PreferencesStore;
  /** Called after every write to the key cache (and after settings change): refreshes badge and reminders. */
  onCacheChanged?: () => void;
  /** Clears the clipboard later if it still holds what the popup copied. */
  clipboard: ClipboardScheduler;
  /** The browser's SSO sign-in window (identity.launchWebAuthFlow). */
  webAuthFlow?: WebAuthFlow;
}

interface Connected {
  /** The connection this client talks to; everything done with it lands in this connection's cache. */
  connection: Connection;
  apiUrl: string;
  client: ApiClient;
}

export interface Context {
  deps: Deps;
  /** Runs the one-time migration (connection list, then its cache). Every handler's first step goes through load/list, which await it. */
  ready(): Promise<void>;
  /** One connection's cache; `connectionId` absent: the current connection's. */
  cache(connectionId?: string): Promise<KeysCache>;
  clientFor(apiUrl: string, credential: CredentialSource): ApiClient;
  /** A saved connection (absent: the current one) with a client; throws not_connected / permission_denied. */
  connected(connectionId?: string): Promise<Connected>;
  /** Full list from the server into that connection's cache. Concurrent callers share one request. */
  sync(connectionId?: string): Promise<KeysSnapshot>;
  /** Sync in the background; failures are ignored (the next sync will show them). */
  syncSoon(connectionId?: string): void;
  /** A connection was removed, or its credential forgotten: close and delete its cache. */
  forgetCache(connectionId: string): Promise<void>;
  /** Tell expiry awareness (badge, reminders) that the keys or the settings changed. */
  afterCacheChange(): void;
}

const NOT_CONNECTED = 'Not connected yet. Open Options and connect to your key API.';
const CONNECTION_GONE = 'That connection no longer exists. It may have been removed in another window.';
const TOKEN_GONE = 'The admin token was kept only until the browser closed. Enter it again in Options.';

export function createContext(deps: Deps): Context {
  const caches = new Map<string, Promise<KeysCache>>();
  const inflight = new Map<string, { apiUrl: string; promise: Promise<KeysSnapshot> }>();
  let readiness: Promise<void> | undefined;
  const sso = createSsoRefresher({ connection: deps.connection, now: () => deps.now().getTime(), fetch: deps.fetch });

  async function currentId(): Promise<string> {
    await ctx.ready();
    const { currentId: id } = await deps.connection.list();
    if (id === null) throw new ApiFailure('not_connected', NOT_CONNECTED);
    return id;
  }

  const ctx: Context = {
    deps,
    ready() {
      readiness ??= (async () => {
        const migrated = await deps.connection.migrate();
        // Also when an earlier worker migrated the list but stopped before the cache: moving is idempotent.
        const first = migrated ?? (await deps.connection.list()).connections.find((c) => c.id === MIGRATED_ID)?.id;
        if (first) await deps.moveLegacyCache?.(first).catch(() => {}); // a cache: the next sync refills it
      })().catch((error: unknown) => {
        readiness = undefined;
        throw error;
      });
      return readiness;
    },
    async cache(connectionId) {
      const id = connectionId ?? (await currentId());
      await ctx.ready();
      let opened = caches.get(id);
      if (!opened) {
        opened = deps.openCache(id).then(notifyingWrites, (error: unknown) => {
          caches.delete(id);
          throw error;
        });
        caches.set(id, opened);
      }
      return opened;
    },
    clientFor(apiUrl, credential) {
      return createApiClient({ apiUrl, credential, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
    },
    async connected(connectionId) {
      await ctx.ready();
      const saved = await deps.connection.load(connectionId);
      if (saved.state === 'none') throw new ApiFailure('not_connected', connectionId === undefined ? NOT_CONNECTED : CONNECTION_GONE);
      if (saved.state === 'corrupt') throw new ApiFailure('not_connected', saved.message);
      // An SSO admin whose session ended keeps the connection (and the cached list): only the sign-in is missing.
      if (!saved.credential) throw saved.method === 'sso' ? signedOut() : new ApiFailure('not_connected', TOKEN_GONE);
      if (!(await deps.hasHostPermission(saved.apiUrl))) throw permissionDenied(saved.apiUrl);
      const { credential, connection } = saved;
      const source = credential.kind === 'token' ? fixedCredential(credential.token) : sso.source(connection.id, credential.session);
      return { connection, apiUrl: saved.apiUrl, client: ctx.clientFor(saved.apiUrl, source) };
    },
    async sync(connectionId) {
      const { connection, apiUrl, client } = await ctx.connected(connectionId);
      const id = connection.id;
      const running = inflight.get(id);
      if (running?.apiUrl === apiUrl) return running.promise;
      const promise = (async () => {
        const { keys, unreadable } = await client.listAllKeys();
        const syncedAt = deps.now().toISOString();
        // The connection may have changed (removed, another API) while we listed: don't write a stale list.
        const now = await deps.connection.load(id);
        if (now.state !== 'ok' || now.apiUrl !== apiUrl) {
          throw new ApiFailure('interrupted', 'The connection changed while the list was loading. Try again.');
        }
        // What was written (secret-free, sorted once) is the answer: no read-back, no second parse.
        const written = await (await ctx.cache(id)).replaceAll(apiUrl, keys, syncedAt);
        return unreadable.length > 0 ? { ...written, unreadable } : written;
      })();
      const entry = { apiUrl, promise };
      inflight.set(id, entry);
      try {
        return await promise;
      } finally {
        if (inflight.get(id) === entry) inflight.delete(id);
      }
    },
    syncSoon(connectionId) {
      ctx.sync(connectionId).catch(() => {});
    },
    async forgetCache(connectionId) {
      const open = caches.get(connectionId);
      caches.delete(connectionId);
      inflight.delete(connectionId);
      if (open) (await open.catch(() => null))?.close();
      await deps.deleteCache(connectionId);
      ctx.afterCacheChange();
    },
    afterCacheChange() {
      try {
        deps.onCacheChanged?.();
      } catch {
        // Expiry awareness must never fail the write that triggered it.
      }
    },
  };
  // Every cache write goes through here, so no handler can forget to refresh the badge.
  function notifyingWrites(cache: KeysCache): KeysCache {
    const after =
      <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const result = await write(...args);
        ctx.afterCacheChange();
        return result;
      };
    return {
      readSnapshot: () => cache.readSnapshot(),
      replaceAll: after(cache.replaceAll.bind(cache)),
      upsert: after(cache.upsert.bind(cache)),
      remove: after(cache.remove.bind(cache)),
      clear: after(cache.clear.bind(cache)),
      close: () => cache.close(),
    };
  }
  return ctx;
}
