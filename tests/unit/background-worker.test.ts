import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import type { KeyMeta } from '../../lib/api/schemas';
import { openKeysCache } from '../../lib/cache/keys-cache';
import { createConnectionStore, SETTINGS_KEY, TOKEN_KEY } from '../../lib/settings/connection';
import { createNoticeStore, NOTICES_KEY } from '../../lib/background/notices';
import { createContext, type Context, type Deps } from '../../lib/background/context';
import { handleRequest, REFUSED } from '../../lib/background/router';
import { handleCreatePort, type PortLike } from '../../lib/background/create-port';
import { CREATE_PORT, type CreateResult } from '../../lib/messages/protocol';
import type { FetchLike } from '../../lib/http/api-client';
import { key } from './support/keys';

const TOKEN = 'admin-token-S3CRET-value';
const API = 'https://keys.example.com';
const OTHER_API = 'https://other.example.com';
const EXT_ID = 'test-extension-id';
const SENDER = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
const NOW = new Date('2030-01-02T03:04:05.000Z');


/** A small in-memory key API, as a fetch function. */
class FakeApi {
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
      const body = JSON.parse(String(init.body)) as { name: string; expiresAt: string | null };
      const k = key(this.nextId++, { name: body.name, expiresAt: body.expiresAt });
      const secret = `wbk_${'S'.repeat(32)}${String(this.nextId).padStart(6, '0')}`;
      this.secrets.push(secret);
      this.keys.set(k.id, k);
      return json({ key: k, secret }, 201);
    }
    if (id && !this.keys.has(id)) return json({ error: { code: 'not_found', message: 'No such key.' } }, 404);
    if (id && method === 'PATCH') {
      const k = { ...this.keys.get(id)!, name: (JSON.parse(String(init.body)) as { name: string }).name };
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

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let api: FakeApi;
let factory: IDBFactory;
let permitted: Set<string>;
let ctx: Context;
let ids = 0;

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
    openCache: () => openKeysCache(factory),
    hasHostPermission: async (apiUrl) => permitted.has(apiUrl),
    runtime: { id: EXT_ID, getURL: (path) => `chrome-extension://${EXT_ID}/${path.replace(/^\//, '')}` },
    now: () => NOW,
    newId: () => `notice-${++ids}`,
    fetch: api.fetch,
    timeoutMs: 200,
  };
  ctx = createContext(deps);
});

const send = (message: unknown, sender: { id?: string; url?: string } | undefined = SENDER) => handleRequest(message, sender, ctx);
const connect = (over: Partial<{ apiUrl: string; adminToken: string; remember: boolean }> = {}) =>
  send({ type: 'connection.connect', apiUrl: API, adminToken: TOKEN, remember: false, ...over });
const cached = async () => (await ctx.cache()).readSnapshot();

/** Every reply and stored value must be free of the token and every secret the server ever sent. */
async function expectNoSecrets(...values: unknown[]) {
  const text = JSON.stringify(values) + JSON.stringify(await browser.storage.local.get(null)) + JSON.stringify(await cached());
  expect(text).not.toContain(TOKEN);
  for (const secret of api.secrets) expect(text).not.toContain(secret);
}

describe('router: who may ask, and what', () => {
  it.each([
    ['no sender', undefined],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }],
    ['a web page', { id: undefined, url: 'https://evil.example/' }],
    ['our id but a foreign url', { id: EXT_ID, url: 'https://evil.example/' }],
  ])('refuses %s', async (_, sender) => {
    expect(await handleRequest({ type: 'connection.get' }, sender, ctx)).toEqual({ error: REFUSED });
  });

  it.each([[null], ['connection.get'], [{ type: 'nope' }], [{ type: 'connection.get', extra: 1 }], [{ type: 'keys.rename', id: 'x', name: 'y' }]])(
    'answers a message it does not understand with an internal error: %j',
    async (message) => {
      const reply = await send(message);
      expect('error' in reply && reply.error.code).toBe('internal');
      expect('error' in reply && reply.error.message).toMatch(/^Message not understood: /);
    },
  );

  it('turns an unexpected exception into a generic internal error', async () => {
    ctx.deps.connection.load = () => Promise.reject(new Error(`boom ${TOKEN}`));
    const reply = await send({ type: 'keys.sync' });
    expect(reply).toEqual({ error: { code: 'internal', message: expect.stringMatching(/Something went wrong/) } });
    await expectNoSecrets(reply);
  });
});

describe('connection', () => {
  it('get is null before connecting', async () => {
    expect(await send({ type: 'connection.get' })).toEqual({ ok: null });
  });

  it('connect proves the token with one page, saves, syncs and counts', async () => {
    for (let i = 1; i <= 3; i++) api.keys.set(key(i).id, key(i));
    expect(await connect({ apiUrl: `${API}/` })).toEqual({ ok: { keyCount: 3 } });
    expect(api.calls[0]).toBe('GET /v1/keys?limit=1');
    expect(await send({ type: 'connection.get' })).toEqual({ ok: { apiUrl: API, remember: false, hasToken: true } });
    const snap = await cached();
    expect(snap.keys.map((k) => k.name)).toEqual(['Key 3', 'Key 2', 'Key 1']);
    expect(snap).toMatchObject({ apiUrl: API, syncedAt: NOW.toISOString() });
    await expectNoSecrets();
  });

  it.each([
    ['a wrong token', { adminToken: 'wrong-token-value' }, 'unauthorized', undefined],
    ['an http URL', { apiUrl: 'http://keys.example.com' }, 'invalid_input', 'apiUrl'],
    ['an empty token', { adminToken: '   ' }, 'invalid_input', 'adminToken'],
    ['an origin without permission', { apiUrl: 'https://nope.example.com' }, 'permission_denied', undefined],
  ])('connect with %s saves nothing', async (_, over, code, field) => {
    const reply = await connect(over);
    expect('error' in reply && reply.error.code).toBe(code);
    if (field) expect('error' in reply && reply.error.field).toBe(field);
    if (code === 'permission_denied') expect('error' in reply && reply.error.message).toBe('Allow access to https://nope.example.com to connect.');
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.session.get(null)).toEqual({});
    await expectNoSecrets(reply);
  });

  it('connect to a server that is down saves nothing', async () => {
    api.override = () => {
      throw new TypeError('Failed to fetch');
    };
    const reply = await connect();
    expect('error' in reply && reply.error.code).toBe('unreachable');
    expect(await browser.storage.local.get(null)).toEqual({});
  });

  it('a failed re-connect keeps the previous connection', async () => {
    await connect();
    await connect({ adminToken: 'wrong-token-value' });
    expect(await send({ type: 'connection.get' })).toEqual({ ok: { apiUrl: API, remember: false, hasToken: true } });
  });

  it('connecting to another API clears the old cache', async () => {
    api.keys.set(key(1).id, key(1));
    await connect();
    expect((await cached()).keys).toHaveLength(1);
    api.keys.clear();
    expect(await connect({ apiUrl: OTHER_API, remember: true })).toEqual({ ok: { keyCount: 0 } });
    expect(await cached()).toMatchObject({ keys: [], apiUrl: OTHER_API });
    expect((await browser.storage.local.get(TOKEN_KEY))[TOKEN_KEY]).toBe(TOKEN);
  });

  it('corrupt stored settings read as not_connected with a clear message, never a crash', async () => {
    await browser.storage.local.set({ [SETTINGS_KEY]: { version: 1, apiUrl: 42 } });
    const get = await send({ type: 'connection.get' });
    expect(get).toEqual({ error: { code: 'not_connected', message: expect.stringMatching(/could not be read/) } });
    const sync = await send({ type: 'keys.sync' });
    expect('error' in sync && sync.error.code).toBe('not_connected');
  });

  it('a session token lost to a browser restart asks for the token again', async () => {
    await connect();
    await browser.storage.session.remove(TOKEN_KEY);
    expect(await send({ type: 'connection.get' })).toEqual({ ok: { apiUrl: API, remember: false, hasToken: false } });
    const reply = await send({ type: 'keys.sync' });
    expect(reply).toEqual({ error: { code: 'not_connected', message: expect.stringMatching(/Enter it again in Options/) } });
  });

  it('disconnect forgets token, settings, cache and notices', async () => {
    api.keys.set(key(1).id, key(1));
    await connect({ remember: true });
    await ctx.deps.notices.add({ id: 'n1', kind: 'unseen_key_deleted', keyId: key(1).id, keyName: 'x', at: NOW.toISOString() });
    expect(await send({ type: 'connection.disconnect' })).toEqual({ ok: null });
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.session.get(null)).toEqual({});
    expect(await cached()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    expect(await send({ type: 'connection.get' })).toEqual({ ok: null });
  });
});

describe('keys', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 3; i++) api.keys.set(key(i).id, key(i));
    await connect();
    api.calls = [];
  });

  it('sync returns the snapshot and follows pages', async () => {
    for (let i = 4; i <= 1204; i++) api.keys.set(key(i).id, key(i));
    const reply = await send({ type: 'keys.sync' });
    expect('ok' in reply).toBe(true);
    if ('ok' in reply) {
      const snap = reply.ok as { keys: KeyMeta[]; syncedAt: string };
      expect(snap.keys).toHaveLength(1204);
      expect(snap.syncedAt).toBe(NOW.toISOString());
    }
    expect(api.calls).toEqual(['GET /v1/keys?limit=500', 'GET /v1/keys?limit=500&cursor=500', 'GET /v1/keys?limit=500&cursor=1000']);
  });

  it('concurrent syncs share one request', async () => {
    const [a, b, c] = await Promise.all([send({ type: 'keys.sync' }), send({ type: 'keys.sync' }), send({ type: 'keys.sync' })]);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(api.calls).toEqual(['GET /v1/keys?limit=500']);
  });

  it('sync failure is an error reply and keeps the cache', async () => {
    api.override = () => new Response('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const reply = await send({ type: 'keys.sync' });
    expect('error' in reply && reply.error.code).toBe('bad_response');
    expect((await cached()).keys).toHaveLength(3);
  });

  it('sync without host permission → permission_denied', async () => {
    permitted.clear();
    const reply = await send({ type: 'keys.sync' });
    expect('error' in reply && reply.error).toEqual({ code: 'permission_denied', message: `Allow access to ${API} to connect.` });
    expect(api.calls).toEqual([]);
  });

  it('rename updates the server and the cache', async () => {
    const reply = await send({ type: 'keys.rename', id: key(2).id, name: '  Deploy bot  ' });
    expect(reply).toEqual({ ok: { key: { ...key(2), name: 'Deploy bot' } } });
    expect((await cached()).keys.find((k) => k.id === key(2).id)?.name).toBe('Deploy bot');
  });

  it('rename of a key deleted elsewhere removes it from the cache and refreshes', async () => {
    api.keys.delete(key(2).id);
    const reply = await send({ type: 'keys.rename', id: key(2).id, name: 'x' });
    expect(reply).toEqual({
      error: { code: 'not_found', message: 'This key no longer exists (it was deleted elsewhere). The list has been refreshed.' },
    });
    expect((await cached()).keys.map((k) => k.id)).not.toContain(key(2).id);
    await vi.waitFor(() => expect(api.calls).toContain('GET /v1/keys?limit=500'));
  });

  it('rename refused by the server → invalid_input with its field', async () => {
    api.override = (method) =>
      method === 'PATCH' ? json({ error: { code: 'invalid_request', message: 'Name is already used.', field: 'name' } }, 400) : undefined;
    const reply = await send({ type: 'keys.rename', id: key(2).id, name: 'Key 1' });
    expect(reply).toEqual({ error: { code: 'invalid_input', message: 'Name is already used.', field: 'name' } });
  });

  it('delete removes from server and cache; deleting a key already gone is ok', async () => {
    expect(await send({ type: 'keys.delete', id: key(1).id })).toEqual({ ok: null });
    expect(api.keys.has(key(1).id)).toBe(false);
    api.keys.delete(key(2).id);
    expect(await send({ type: 'keys.delete', id: key(2).id })).toEqual({ ok: null });
    expect((await cached()).keys.map((k) => k.name)).toEqual(['Key 3']);
  });

  it('delete failing on the server keeps the key cached', async () => {
    api.override = (method) => (method === 'DELETE' ? json({ error: { code: 'internal', message: 'x' } }, 503) : undefined);
    const reply = await send({ type: 'keys.delete', id: key(1).id });
    expect('error' in reply && reply.error.code).toBe('server_error');
    expect((await cached()).keys).toHaveLength(3);
  });
});

// ---- Create over a Port ------------------------------------------------------

class FakePort implements PortLike {
  name = CREATE_PORT;
  sender: { id?: string; url?: string } | undefined = SENDER;
  posted: CreateResult[] = [];
  disconnected = false;
  private messageListeners: ((m: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  onMessage = { addListener: (f: (m: unknown) => void) => void this.messageListeners.push(f) };
  onDisconnect = { addListener: (f: () => void) => void this.disconnectListeners.push(f) };
  postMessage(message: CreateResult) {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(JSON.parse(JSON.stringify(message)) as CreateResult);
  }
  disconnect() {
    this.disconnected = true;
  }
  /** The popup sends a message. */
  send(message: unknown) {
    for (const f of this.messageListeners) f(message);
  }
  /** The popup closes. */
  close() {
    this.disconnected = true;
    for (const f of this.disconnectListeners) f();
  }
}

describe('create over a Port', () => {
  beforeEach(async () => {
    await connect();
    api.calls = [];
  });
  const start = { type: 'keys.create', name: 'CI deploy', expiresAt: '2031-01-01T00:00:00Z' };

  it('popup still open: posts the key and its secret once, caches the metadata', async () => {
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send(start);
    port.send(start); // a second start on the same port is ignored
    await done;
    expect(port.posted).toHaveLength(1);
    const result = port.posted[0]!;
    expect('ok' in result && result.ok.secret).toBe(api.secrets[0]);
    expect('ok' in result && result.ok.key.name).toBe('CI deploy');
    expect(api.calls).toEqual(['POST /v1/keys']);
    expect((await cached()).keys.map((k) => k.name)).toEqual(['CI deploy']);
    expect(await ctx.deps.notices.take()).toEqual([]);
    // The secret went only to the port: not to storage, the cache or a notice.
    await expectNoSecrets();
  });

  it('popup closed before the response: the unseen key is deleted and a notice left', async () => {
    const port = new FakePort();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    api.override = async (method) => {
      if (method === 'POST') await gate;
      return undefined;
    };
    const done = handleCreatePort(port, ctx);
    port.send(start);
    port.close();
    release();
    await done;
    expect(port.posted).toEqual([]);
    expect(api.calls).toEqual(['POST /v1/keys', `DELETE /v1/keys/${key(1000).id}`]);
    expect(api.keys.size).toBe(0);
    const reply = await send({ type: 'notices.take' });
    expect(reply).toEqual({
      ok: [{ id: 'notice-1', kind: 'unseen_key_deleted', keyId: key(1000).id, keyName: 'CI deploy', at: NOW.toISOString() }],
    });
    expect(await send({ type: 'notices.take' })).toEqual({ ok: [] });
    await expectNoSecrets(reply);
  });

  it('popup closed and the delete fails: notice says the key is live', async () => {
    const port = new FakePort();
    api.override = (method) => {
      if (method === 'POST') port.close();
      if (method === 'DELETE') throw new TypeError('Failed to fetch');
      return undefined;
    };
    const done = handleCreatePort(port, ctx);
    port.send(start);
    await done;
    expect(port.posted).toEqual([]);
    expect(api.keys.size).toBe(1);
    const notices = await ctx.deps.notices.take();
    expect(notices).toEqual([{ id: 'notice-1', kind: 'unseen_key_live', keyId: key(1000).id, keyName: 'CI deploy', at: NOW.toISOString() }]);
    await expectNoSecrets(notices);
  });

  it('posting fails because the port just closed: treated as unseen', async () => {
    const port = new FakePort();
    port.postMessage = () => {
      throw new Error('Attempting to use a disconnected port object');
    };
    const done = handleCreatePort(port, ctx);
    port.send(start);
    await done;
    expect(api.keys.size).toBe(0);
    expect((await ctx.deps.notices.take()).map((n) => n.kind)).toEqual(['unseen_key_deleted']);
  });

  it('a server refusal is posted as an error', async () => {
    api.override = (method) =>
      method === 'POST' ? json({ error: { code: 'invalid_request', message: 'expiresAt must be in the future.', field: 'expiresAt' } }, 400) : undefined;
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send(start);
    await done;
    expect(port.posted).toEqual([{ error: { code: 'invalid_input', message: 'expiresAt must be in the future.', field: 'expiresAt' } }]);
  });

  it('a malformed start is refused; so is a port from elsewhere or with another name', async () => {
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', name: '', expiresAt: null });
    await done;
    expect(port.posted).toEqual([{ error: { code: 'internal', message: expect.stringMatching(/^Message not understood: /) } }]);

    const foreign = new FakePort();
    foreign.sender = { id: 'other-extension' };
    expect(handleCreatePort(foreign, ctx)).toBeUndefined();
    expect(foreign.disconnected).toBe(true);

    const other = new FakePort();
    other.name = 'something-else';
    expect(handleCreatePort(other, ctx)).toBeUndefined();
    expect(api.calls).toEqual([]);
  });

  it('not connected → error posted, nothing created', async () => {
    await send({ type: 'connection.disconnect' });
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send(start);
    await done;
    expect(port.posted).toEqual([{ error: { code: 'not_connected', message: expect.any(String) } }]);
    expect(api.calls).toEqual([]);
  });
});

describe('notices store', () => {
  it('a damaged notices value is dropped, not a crash', async () => {
    await browser.storage.local.set({ [NOTICES_KEY]: 'garbage' });
    expect(await send({ type: 'notices.take' })).toEqual({ ok: [] });
  });
});

describe('create over a Port: idempotency and replace', () => {
  beforeEach(async () => {
    await connect();
    api.calls = [];
  });
  const IDEM = 'idem-0123456789abcdef';

  it('sends the idempotency key; after a dropped connection retries once with it and posts alreadyIssued', async () => {
    const headers: (string | undefined)[] = [];
    const inner = api.fetch;
    let dropped = false;
    api.fetch = async (url, init) => {
      if (init.method === 'POST') headers.push((init.headers as Record<string, string>)['Idempotency-Key']);
      const response = await inner(url, init);
      if (init.method !== 'POST') return response;
      if (!dropped) {
        dropped = true; // the server made the key, then the connection broke
        throw new TypeError('Failed to fetch');
      }
      const made = [...api.keys.values()][0]!;
      return json({ key: made, secret: null, alreadyIssued: true });
    };
    ctx = createContext({ ...ctx.deps, fetch: api.fetch });
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', name: 'CI deploy', expiresAt: null, idempotencyKey: IDEM });
    await done;
    expect(headers).toEqual([IDEM, IDEM]);
    expect(port.posted).toEqual([{ ok: { key: expect.objectContaining({ name: 'CI deploy' }), secret: null, alreadyIssued: true } }]);
    // Kept: the admin decides in the popup. It is cached so the list shows it.
    expect((await cached()).keys.map((k) => k.name)).toContain('CI deploy');
    expect(await ctx.deps.notices.take()).toEqual([]);
  });

  it('alreadyIssued but the popup is gone: deleted like any unseen key, with a notice', async () => {
    const port = new FakePort();
    api.override = async (method, path) => {
      if (method !== 'POST' || path !== '/v1/keys') return undefined;
      const made = key(7, { name: 'Lost' });
      api.keys.set(made.id, made);
      port.close();
      return json({ key: made, secret: null, alreadyIssued: true });
    };
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', name: 'Lost', expiresAt: null, idempotencyKey: IDEM });
    await done;
    expect(port.posted).toEqual([]);
    expect(api.keys.size).toBe(0);
    expect((await ctx.deps.notices.take()).map((n) => n.kind)).toEqual(['unseen_key_deleted']);
  });

  it('replace: calls the replace endpoint, posts the secret and both keys, caches both', async () => {
    const old = key(1, { name: 'Old', expiresAt: '2030-01-03T00:00:00.000Z' });
    api.keys.set(old.id, old);
    const shortened = { ...old, expiresAt: '2030-01-02T04:04:05.000Z' };
    let body: unknown;
    api.override = async (method, path) => {
      if (method !== 'POST' || !path.endsWith('/replace')) return undefined;
      const fresh = key(2000, { name: 'Old' });
      api.keys.set(old.id, shortened);
      api.keys.set(fresh.id, fresh);
      api.secrets.push('wbk_REPLACEMENTsecretREPLACEMENTsecret');
      return json({ key: fresh, secret: api.secrets.at(-1), replaced: shortened }, 201);
    };
    const inner = api.fetch;
    api.fetch = async (url, init) => {
      if (String(url).endsWith('/replace')) body = JSON.parse(String(init.body));
      return inner(url, init);
    };
    ctx = createContext({ ...ctx.deps, fetch: api.fetch });
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', name: 'Old', expiresAt: null, idempotencyKey: IDEM, replace: { id: old.id, graceSeconds: 3600 } });
    await done;
    expect(api.calls).toEqual([`POST /v1/keys/${old.id}/replace`]);
    expect(body).toEqual({ name: 'Old', expiresAt: null, graceSeconds: 3600 });
    const result = port.posted[0]!;
    expect('ok' in result && result.ok.secret).toBe('wbk_REPLACEMENTsecretREPLACEMENTsecret');
    expect('ok' in result && result.ok.replaced).toEqual(shortened);
    const snapshot = await cached();
    expect(snapshot.keys.find((k) => k.id === old.id)?.expiresAt).toBe(shortened.expiresAt);
    expect(snapshot.keys.some((k) => k.id === key(2000).id)).toBe(true);
    await expectNoSecrets();
  });

  it('replace of a key deleted elsewhere → not_found posted', async () => {
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', name: 'Old', expiresAt: null, replace: { id: key(404).id, graceSeconds: 0 } });
    await done;
    expect(port.posted).toEqual([{ error: { code: 'not_found', message: expect.any(String) } }]);
  });
});
