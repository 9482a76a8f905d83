// Everything the handlers need, injected so they run in unit tests without a
// browser, plus the worker's small in-memory state (open cache, sync in flight).
import { createApiClient, fixedCredential, type ApiClient, type CredentialSource, type FetchLike } from './api-client';
import { ApiFailure } from '../shared/errors';
import type { KeysCache } from './stores/keys-cache';
import type { ConnectionStore } from './stores/connection-store';
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
  openCache: () => Promise<KeysCache>;
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
  apiUrl: string;
  client: ApiClient;
}

export interface Context {
  deps: Deps;
  cache(): Promise<KeysCache>;
  clientFor(apiUrl: string, credential: CredentialSource): ApiClient;
  /** The saved connection with a client; throws not_connected / permission_denied. */
  connected(): Promise<Connected>;
  /** Full list from the server into the cache. Concurrent callers share one request. */
  sync(): Promise<KeysSnapshot>;
  /** Sync in the background; failures are ignored (the next sync will show them). */
  syncSoon(): void;
  /** Tell expiry awareness (badge, reminders) that the keys or the settings changed. */
  afterCacheChange(): void;
}

const NOT_CONNECTED = 'Not connected yet. Open Options and connect to your key API.';
const TOKEN_GONE = 'The admin token was kept only until the browser closed. Enter it again in Options.';

export function createContext(deps: Deps): Context {
  let cachePromise: Promise<KeysCache> | undefined;
  let inflight: { apiUrl: string; promise: Promise<KeysSnapshot> } | undefined;
  const sso = createSsoRefresher({ connection: deps.connection, now: () => deps.now().getTime(), fetch: deps.fetch });

  const ctx: Context = {
    deps,
    cache() {
      cachePromise ??= deps.openCache().then(notifyingWrites, (error: unknown) => {
        cachePromise = undefined;
        throw error;
      });
      return cachePromise;
    },
    clientFor(apiUrl, credential) {
      return createApiClient({ apiUrl, credential, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
    },
    async connected() {
      const saved = await deps.connection.load();
      if (saved.state === 'none') throw new ApiFailure('not_connected', NOT_CONNECTED);
      if (saved.state === 'corrupt') throw new ApiFailure('not_connected', saved.message);
      // An SSO admin whose session ended keeps the connection (and the cached list): only the sign-in is missing.
      if (!saved.credential) throw saved.method === 'sso' ? signedOut() : new ApiFailure('not_connected', TOKEN_GONE);
      if (!(await deps.hasHostPermission(saved.apiUrl))) throw permissionDenied(saved.apiUrl);
      const { credential } = saved;
      const source = credential.kind === 'token' ? fixedCredential(credential.token) : sso.source(credential.session);
      return { apiUrl: saved.apiUrl, client: ctx.clientFor(saved.apiUrl, source) };
    },
    async sync() {
      const { apiUrl, client } = await ctx.connected();
      if (inflight?.apiUrl === apiUrl) return inflight.promise;
      const promise = (async () => {
        const { keys, unreadable } = await client.listAllKeys();
        const syncedAt = deps.now().toISOString();
        // The connection may have changed (disconnect, another API) while we listed: don't write a stale list.
        const now = await deps.connection.load();
        if (now.state !== 'ok' || now.apiUrl !== apiUrl) {
          throw new ApiFailure('interrupted', 'The connection changed while the list was loading. Try again.');
        }
        // What was written (secret-free, sorted once) is the answer: no read-back, no second parse.
        const written = await (await ctx.cache()).replaceAll(apiUrl, keys, syncedAt);
        return unreadable.length > 0 ? { ...written, unreadable } : written;
      })();
      const entry = { apiUrl, promise };
      inflight = entry;
      try {
        return await promise;
      } finally {
        if (inflight === entry) inflight = undefined;
      }
    },
    syncSoon() {
      ctx.sync().catch(() => {});
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
