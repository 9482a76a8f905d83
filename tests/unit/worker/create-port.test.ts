// Create over a Port: the secret reaches the popup once, or the unseen key is deleted;
// idempotent retries and replacements.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleCreatePort, type PortLike } from '../../../lib/worker/create-port';
import { CREATE_PORT, type CreateResult } from '../../../lib/shared/messages/keys-create';
import { key } from '../../support/keys';
import { NOW, SENDER, api, cached, connect, ctx, expectNoSecrets, installWorkerEnv, json, send } from '../../support/worker-env';

installWorkerEnv();

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
      ok: [{ id: 'notice-2', kind: 'unseen_key_deleted', keyId: key(1000).id, keyName: 'CI deploy', at: NOW.toISOString() }],
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
    expect(notices).toEqual([{ id: 'notice-2', kind: 'unseen_key_live', keyId: key(1000).id, keyName: 'CI deploy', at: NOW.toISOString() }]);
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
      method === 'POST'
        ? json({ error: { code: 'invalid_request', message: 'expiresAt must be in the future.', field: 'expiresAt' } }, 400)
        : undefined;
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
      if (String(url).endsWith('/replace')) body = JSON.parse(init.body as string);
      return inner(url, init);
    };
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
