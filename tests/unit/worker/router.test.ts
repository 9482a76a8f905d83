// The worker's router and its handlers: who may ask, connection, keys, notices.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyMeta } from '../../../lib/shared/contract/schemas';
import { browser } from 'wxt/browser';
import { credentialKey, LEGACY_SETTINGS_KEY } from '../../../lib/worker/stores/connection-store';
import { CONNECTIONS_KEY } from '../../../lib/shared/settings/connections';
import { NOTICES_KEY } from '../../../lib/worker/notices';
import { handleRequest, REFUSED } from '../../../lib/worker/router';
import { key } from '../../support/keys';
import {
  API,
  EXT_ID,
  NOW,
  OTHER_API,
  TOKEN,
  api,
  cached,
  connect,
  ctx,
  expectNoSecrets,
  installWorkerEnv,
  json,
  permitted,
  send,
} from '../../support/worker-env';

installWorkerEnv();

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
    expect(await connect({ apiUrl: `${API}/` })).toEqual({ ok: { keyCount: 3, connectionId: 'notice-1' } });
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
    expect(await connect({ connectionId: 'notice-1', apiUrl: OTHER_API, remember: true })).toEqual({ ok: { keyCount: 0, connectionId: 'notice-1' } });
    expect(await cached()).toMatchObject({ keys: [], apiUrl: OTHER_API });
    expect((await browser.storage.local.get(credentialKey('notice-1')))[credentialKey('notice-1')]).toEqual({ kind: 'token', token: TOKEN });
  });

  it('corrupt stored settings read as not_connected with a clear message, never a crash', async () => {
    await browser.storage.local.set({ [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: 42 } });
    const get = await send({ type: 'connection.get' });
    expect(get).toEqual({ error: { code: 'not_connected', message: expect.stringMatching(/could not be read/) } });
    const sync = await send({ type: 'keys.sync' });
    expect('error' in sync && sync.error.code).toBe('not_connected');
  });

  it('a session token lost to a browser restart asks for the token again', async () => {
    await connect();
    await browser.storage.session.remove(credentialKey('notice-1'));
    expect(await send({ type: 'connection.get' })).toEqual({ ok: { apiUrl: API, remember: false, hasToken: false } });
    const reply = await send({ type: 'keys.sync' });
    expect(reply).toEqual({ error: { code: 'not_connected', message: expect.stringMatching(/Enter it again in Options/) } });
  });

  it('disconnect forgets the token, the cache and notices; the connection stays in the list', async () => {
    api.keys.set(key(1).id, key(1));
    await connect({ remember: true });
    await ctx.deps.notices.add({ id: 'n1', kind: 'unseen_key_deleted', keyId: key(1).id, keyName: 'x', at: NOW.toISOString() });
    expect(await send({ type: 'connection.disconnect' })).toEqual({ ok: null });
    const local = await browser.storage.local.get(null);
    expect(Object.keys(local).sort()).toEqual(['connections.current.v1', 'connections.resolved.v1', CONNECTIONS_KEY]);
    expect(await browser.storage.session.get(null)).toEqual({});
    expect(await cached()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    expect(await send({ type: 'connection.get' })).toEqual({ ok: { apiUrl: API, remember: true, hasToken: false } });
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

describe('notices store', () => {
  it('a damaged notices value is dropped, not a crash', async () => {
    await browser.storage.local.set({ [NOTICES_KEY]: 'garbage' });
    expect(await send({ type: 'notices.take' })).toEqual({ ok: [] });
  });
});
