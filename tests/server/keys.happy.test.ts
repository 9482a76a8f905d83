// Every endpoint doing its job, against the real server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyResponse, KeyResponse, ListKeysResponse, WhoamiResponse } from '../../lib/shared/contract/schemas';
import { isWellFormedSecret, secretHint } from '../../lib/shared/contract/secret';
import { ManualClock, T0, expectError, sleep, startTestServer, type TestServer } from './helpers';

describe('key API happy paths', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  it('GET /healthz needs no auth', async () => {
    const res = await server.req('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('POST /v1/keys creates a key and returns its secret once, with no-store', async () => {
    const expiresAt = new Date(T0 + 86_400_000).toISOString();
    const res = await server.req('POST', '/v1/keys', { json: { name: '  CI deploy  ', expiresAt } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = CreateKeyResponse.parse(await res.json());
    const secret = body.secret ?? '';
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(body.key).toMatchObject({
      name: 'CI deploy',
      hint: secretHint(secret),
      createdAt: new Date(T0).toISOString(),
      expiresAt,
      lastUsedAt: null,
      status: 'active',
    });
    expect(body.key.id).toMatch(/^key_[0-9a-z]{20,40}$/);
    expect(res.headers.get('location')).toBe(`/v1/keys/${body.key.id}`);

    // Reading it back never shows the secret.
    const got = await server.req('GET', `/v1/keys/${body.key.id}`);
    expect(got.status).toBe(200);
    const text = await got.text();
    expect(text).not.toContain(secret);
    expect(KeyResponse.parse(JSON.parse(text)).key).toEqual(body.key);
  });

  it('normalizes expiresAt offsets to UTC with milliseconds', async () => {
    const { key } = await server.createKey('offset', '2031-06-01T12:00:00+02:00');
    expect(key.expiresAt).toBe('2031-06-01T10:00:00.000Z');
  });

  it('GET /v1/keys lists newest first', async () => {
    clock.advance(1000);
    const a = await server.createKey('older');
    clock.advance(1000);
    const b = await server.createKey('newer');
    const res = await server.req('GET', '/v1/keys');
    expect(res.status).toBe(200);
    const body = ListKeysResponse.parse(await res.json());
    expect(body.keys[0]?.id).toBe(b.key.id);
    expect(body.keys[1]?.id).toBe(a.key.id);
    expect(body.nextCursor).toBeNull();
  });

  it('PATCH /v1/keys/{id} renames, leaving everything else alone', async () => {
    const { key } = await server.createKey('before', new Date(T0 + 10 * 86_400_000).toISOString());
    const res = await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: ' after ' } });
    expect(res.status).toBe(200);
    const renamed = KeyResponse.parse(await res.json()).key;
    expect(renamed).toEqual({ ...key, name: 'after' });
  });

  it('DELETE /v1/keys/{id} removes the key at once; a second delete is 404', async () => {
    const { key, secret } = await server.createKey('doomed');
    expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    const res = await server.req('DELETE', `/v1/keys/${key.id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectError(await server.req('GET', '/v1/whoami', { token: secret }), 401, 'key_invalid');
    await expectError(await server.req('GET', `/v1/keys/${key.id}`), 404, 'not_found');
    await expectError(await server.req('DELETE', `/v1/keys/${key.id}`), 404, 'not_found');
  });

  it('GET /v1/whoami identifies an active key', async () => {
    const { key, secret } = await server.createKey('whoami');
    const res = await server.req('GET', '/v1/whoami', { token: secret });
    expect(res.status).toBe(200);
    expect(WhoamiResponse.parse(await res.json())).toEqual({ keyId: key.id, name: 'whoami' });
  });

  it('expiry follows the server clock: whoami 200 before, key_expired after; status flips', async () => {
    const { key, secret } = await server.createKey('short-lived', new Date(clock.now + 2000).toISOString());
    expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    clock.advance(1999);
    expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    clock.advance(1); // now == expiresAt: expired
    await expectError(await server.req('GET', '/v1/whoami', { token: secret }), 401, 'key_expired');
    const got = KeyResponse.parse(await (await server.req('GET', `/v1/keys/${key.id}`)).json());
    expect(got.key.status).toBe('expired');
    const listed = ListKeysResponse.parse(await (await server.req('GET', '/v1/keys?limit=500')).json());
    expect(listed.keys.find((k) => k.id === key.id)?.status).toBe('expired');
    // Renaming does not revive it.
    const renamed = KeyResponse.parse(await (await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'x' } })).json());
    expect(renamed.key.status).toBe('expired');
  });

  it('lastUsedAt is recorded and coalesced to one write per minute', async () => {
    const { key, secret } = await server.createKey('usage');
    const lastUsed = async () => KeyResponse.parse(await (await server.req('GET', `/v1/keys/${key.id}`)).json()).key.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = clock.now;
    await server.req('GET', '/v1/whoami', { token: secret });
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock.advance(59_000);
    await server.req('GET', '/v1/whoami', { token: secret });
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock.advance(2_000); // 61 s after the first write
    await server.req('GET', '/v1/whoami', { token: secret });
    expect(await lastUsed()).toBe(new Date(first + 61_000).toISOString());
  });

  it('HEAD works wherever GET does', async () => {
    const res = await server.req('HEAD', '/v1/keys');
    expect(res.status).toBe(200);
  });

  it('logs one line per request without query strings, headers or bodies', async () => {
    server.logs.length = 0;
    await server.req('GET', '/v1/keys?limit=3');
    expect(server.logs).toHaveLength(1);
    expect(server.logs[0]).toMatch(/^GET \/v1\/keys 200 \d+ms$/);
  });
});

describe('real time expiry', () => {
  it('a key that expires in ~2 s stops working after 2.5 s', async () => {
    const server = await startTestServer();
    try {
      const { key, secret } = await server.createKey('real-time', new Date(Date.now() + 2000).toISOString());
      expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
      await sleep(2500);
      await expectError(await server.req('GET', '/v1/whoami', { token: secret }), 401, 'key_expired');
      const got = KeyResponse.parse(await (await server.req('GET', `/v1/keys/${key.id}`)).json());
      expect(got.key.status).toBe('expired');
    } finally {
      await server.dispose();
    }
  });
});
