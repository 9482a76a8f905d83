// The worker's real context (router, handlers, cache in fake-indexeddb,
// storage in WXT's fake browser) in front of a small in-memory key API.
// Shared by the router and create-port tests; every test gets a fresh one.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { deleteKeysCache, moveLegacyCache, openKeysCache } from '../../lib/worker/stores/keys-cache';
import { createConnectionStore } from '../../lib/worker/stores/connection-store';
import { createNoticeStore } from '../../lib/worker/notices';
import { createPreferencesStore } from '../../lib/worker/stores/preferences-store';
import type { ClipboardScheduler } from '../../lib/worker/clipboard/scheduler';
import { createContext, type Context, type Deps } from '../../lib/worker/context';
import { handleRequest } from '../../lib/worker/router';
import type { FetchLike } from '../../lib/worker/api-client';
import { key } from './keys';

export const TOKEN = 'admin-token-S3CRET-value';
export const API = 'https://keys.example.com';
export const OTHER_API = 'https://other.example.com';
export const EXT_ID = 'test-extension-id';
export const SENDER = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
export const NOW = new Date('2030-01-02T03:04:05.000Z');
/** A small in-memory key API, as a fetch function. */
export class FakeApi {
  keys = new Map<string, KeyMeta>();
  token = TOKEN;
  secrets: string[] = [];
  calls: string[] = [];
  nextId = 1000;
  /** Return a Response (or throw) to override the next matching call. */
  override: ((method: string, path: string) => Response | undefined | Promise<Response | undefined>) | undefined;
  fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const method = init.method ?? 'GET';
    this.calls.push(`${method} ${u.pathname}${u.search}`);
    const custom = await this.override?.(method, u.pathname);
    if (custom) return custom;
    if ((init.headers as Record<string, string>).Authorization !== `Bearer ${this.token}`) {
      return json({ error: { code: 'unauthorized', message: 'Bad token.' } }, 401);
    }
    const id = u.pathname.match(/^\/v1\/keys\/(.+)$/)?.[1];
    if (u.pathname === '/v1/keys' && method === 'GET') {
      const all = [...this.keys.values()];
      const limit = Number(u.searchParams.get('limit') ?? 100);
      const start = Number(u.searchParams.get('cursor') ?? 0);
      const end = start + limit;
      return json({ keys: all.slice(start, end), nextCursor: end < all.length ? String(end) : null });
    }
    if (u.pathname === '/v1/keys' && method === 'POST') {
      const body = JSON.parse(init.body as string) as { name: string; expiresAt: string | null };
      const k = key(this.nextId++, { name: body.name, expiresAt: body.expiresAt });
      const secret = `wbk_${'S'.repeat(32)}${String(this.nextId).padStart(6, '0')}`;
      this.secrets.push(secret);
      this.keys.set(k.id, k);
      return json({ key: k, secret }, 201);
    }
    if (id && !this.keys.has(id)) return json({ error: { code: 'not_found', message: 'No such key.' } }, 404);
    if (id && method === 'PATCH') {
      const k = { ...this.keys.get(id)!, name: (JSON.parse(init.body as string) as { name: string }).name };
      this.keys.set(id, k);
      return json({ key: k });
    }
    if (id && method === 'DELETE') {
      this.keys.delete(id);
      return new Response(null, { status: 204 });
    }
    return json({ error: { code: 'method_not_allowed', message: 'No.' } }, 405);
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

// Live bindings: test files read these; installWorkerEnv() renews them before each test.
export let api: FakeApi;
let factory: IDBFactory;
export let permitted: Set<string>;
export let ctx: Context;
let ids = 0;

export function installWorkerEnv(): void {
  beforeEach(() => {
    fakeBrowser.reset();
    ids = 0;
    api = new FakeApi();
    factory = new IDBFactory();
    permitted = new Set([API, OTHER_API]);
    const local = browser.storage.local;
    const deps: Deps = {
      connection: createConnectionStore(),
      notices: createNoticeStore(local),
      openCache: (id) => openKeysCache(id, factory),
      deleteCache: (id) => deleteKeysCache(id, factory),
      moveLegacyCache: (id) => moveLegacyCache(id, factory),
      hasHostPermission: async (apiUrl) => permitted.has(apiUrl),
      runtime: { id: EXT_ID, getURL: (path) => `chrome-extension://${EXT_ID}/${path.replace(/^\//, '')}` },
      now: () => NOW,
      newId: () => `notice-${++ids}`,
      preferences: createPreferencesStore(local),
      clipboard: recordingClipboard(),
      // Through api.fetch at call time, so a test can swap in a faulty network mid-way.
      fetch: (url, init) => api.fetch(url, init),
      timeoutMs: 200,
    };
    ctx = createContext(deps);
  });
}

export const send = (message: unknown, sender: { id?: string; url?: string } | undefined = SENDER) => handleRequest(message, sender, ctx);
export const connect = (
  over: Partial<{ connectionId: string; name: string; production: boolean; apiUrl: string; adminToken: string; remember: boolean }> = {},
) => send({ type: 'connection.connect', apiUrl: API, adminToken: TOKEN, remember: false, ...over });
export const cached = async (connectionId?: string) => (await ctx.cache(connectionId)).readSnapshot();

/** The IndexedDB factory of this test's worker. */
export const idbFactory = () => factory;

/** Every reply and stored value must be free of the token and every secret the server ever sent. */
export async function expectNoSecrets(...values: unknown[]) {
  const { connections } = await ctx.deps.connection.list();
  const caches = await Promise.all(connections.map((c) => cached(c.id)));
  const text = JSON.stringify(values) + JSON.stringify(await browser.storage.local.get(null)) + JSON.stringify(caches);
  expect(text).not.toContain(TOKEN);
  for (const secret of api.secrets) expect(text).not.toContain(secret);
}

/** A clipboard scheduler that only records what it was asked to clear (the real one is tested on its own). */
export function recordingClipboard(): ClipboardScheduler & { scheduled: { sha256: string; delaySeconds: number }[] } {
  const scheduled: { sha256: string; delaySeconds: number }[] = [];
  return {
    scheduled,
    schedule: async (sha256, delaySeconds) => {
      scheduled.push({ sha256, delaySeconds });
      return { sha256, dueAt: delaySeconds * 1000 };
    },
    resume: async () => {},
    runDue: async () => 'nothing_due',
  };
}
