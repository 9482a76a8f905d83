// Idempotent create: a retried POST /v1/keys with the same Idempotency-Key
// and body names the key made the first time and never makes a second one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyResponse, IDEMPOTENCY_HEADER } from '../../lib/shared/contract/schemas';
import { IDEMPOTENCY_TTL_MS } from '../../server/idempotency';
import { sha256Hex } from '../../server/keys';
import { ManualClock, T0, expectError, listAll, startTestServer, type TestServer } from './helpers';

let counter = 0;
const freshKey = () => `idem-${Date.now()}-${++counter}-abcdef`;

describe('Idempotency-Key on POST /v1/keys', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  const create = (key: string, json: unknown, token?: string) =>
    server.req('POST', '/v1/keys', { json, headers: { [IDEMPOTENCY_HEADER]: key }, token });

  it('same key and body twice: one key; the retry is 200 alreadyIssued with no secret', async () => {
    const before = (await listAll(server)).length;
    const key = freshKey();
    const body = { name: 'retry me', expiresAt: new Date(T0 + 86_400_000).toISOString() };
    const first = await create(key, body);
    expect(first.status).toBe(201);
    const created = CreateKeyResponse.parse(await first.json());
    expect(created.secret).toEqual(expect.any(String));
    expect(created.alreadyIssued).toBeUndefined();

    // Renamed meanwhile: the replay shows the key as it is now.
    await server.req('PATCH', `/v1/keys/${created.key.id}`, { json: { name: 'renamed' } });
    const again = await create(key, body);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toBe('no-store');
    const replay = CreateKeyResponse.parse(await again.json());
    expect(replay).toEqual({ key: { ...created.key, name: 'renamed' }, secret: null, alreadyIssued: true });
    expect((await listAll(server)).length).toBe(before + 1);
  });

  it('equivalent bodies (whitespace, offset) are the same request', async () => {
    const key = freshKey();
    const first = await create(key, { name: 'same', expiresAt: '2031-06-01T12:00:00+02:00' });
    expect(first.status).toBe(201);
    const again = await create(key, { expiresAt: '2031-06-01T10:00:00.000Z', name: '  same ' });
    expect(again.status).toBe(200);
  });

  it('same key, different body: 409 idempotency_conflict and nothing created', async () => {
    const key = freshKey();
    expect((await create(key, { name: 'one', expiresAt: null })).status).toBe(201);
    const before = (await listAll(server)).length;
    await expectError(await create(key, { name: 'two', expiresAt: null }), 409, 'idempotency_conflict');
    expect((await listAll(server)).length).toBe(before);
  });

  it('concurrent identical requests create exactly one key', async () => {
    const key = freshKey();
    const before = (await listAll(server)).length;
    const responses = await Promise.all(Array.from({ length: 12 }, () => create(key, { name: 'racer', expiresAt: null })));
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: CreateKeyResponse.parse(await r.json()) })));
    expect(bodies.filter((b) => b.status === 201)).toHaveLength(1);
    expect(bodies.filter((b) => b.status === 200 && b.body.alreadyIssued === true && b.body.secret === null)).toHaveLength(11);
    expect(new Set(bodies.map((b) => b.body.key.id)).size).toBe(1);
    expect((await listAll(server)).length).toBe(before + 1);
  });

  it('the record is forgotten after 24 h: the same key then creates a new key', async () => {
    const key = freshKey();
    const body = { name: 'daily', expiresAt: null };
    const first = CreateKeyResponse.parse(await (await create(key, body)).json());
    clock.advance(IDEMPOTENCY_TTL_MS - 1);
    expect((await create(key, body)).status).toBe(200);
    clock.advance(1);
    const later = await create(key, body);
    expect(later.status).toBe(201);
    expect(CreateKeyResponse.parse(await later.json()).key.id).not.toBe(first.key.id);
  });

  it('a retry after the created key expired still names it (no "must be in the future" error)', async () => {
    const key = freshKey();
    const body = { name: 'short', expiresAt: new Date(clock.now + 60_000).toISOString() };
    expect((await create(key, body)).status).toBe(201);
    clock.advance(120_000);
    const again = await create(key, body);
    expect(again.status).toBe(200);
    expect(CreateKeyResponse.parse(await again.json()).key.status).toBe('expired');
  });

  it('the key created by the request was deleted: 409 saying so', async () => {
    const key = freshKey();
    const body = { name: 'gone', expiresAt: null };
    const { key: meta } = CreateKeyResponse.parse(await (await create(key, body)).json());
    expect((await server.req('DELETE', `/v1/keys/${meta.id}`)).status).toBe(204);
    const error = await expectError(await create(key, body), 409, 'idempotency_conflict');
    expect(error.message).toMatch(/deleted/);
  });

  it('malformed Idempotency-Key: 400 naming the header, nothing created', async () => {
    const before = (await listAll(server)).length;
    for (const bad of ['short', 'x'.repeat(256), 'has space inside', 'caf\u00e9-key-1234']) {
      const error = await expectError(await create(bad, { name: 'x', expiresAt: null }), 400, 'invalid_request');
      expect(error.field).toBe('Idempotency-Key');
    }
    expect((await listAll(server)).length).toBe(before);
  });

  it('without the header, identical creates make separate keys', async () => {
    const a = await server.createKey('plain');
    const b = await server.createKey('plain');
    expect(a.key.id).not.toBe(b.key.id);
  });

  it('keys are scoped per admin token: two admins may use the same Idempotency-Key', async () => {
    const other = `wbadm_${'o'.repeat(40)}`;
    const store = await server.openStore();
    await store.addAdminTokenHash(sha256Hex(other), 'env', T0);
    await store.close();
    const key = freshKey();
    const body = { name: 'shared idem', expiresAt: null };
    const mine = await create(key, body);
    const theirs = await create(key, body, other);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    // The other admin's record is theirs: reusing it with another body conflicts with their own request.
    expect((await create(key, { name: 'different', expiresAt: null }, other)).status).toBe(409);
  });
});
