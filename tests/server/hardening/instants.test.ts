// Issue 11 item 1: the server never stores or answers an instant the shared
// contract refuses. One definition (IsoInstant + instantMs) for both sides.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { migrate } from '../../../server/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyResponse, IsoInstant, KeyMeta, UTC_INSTANT_FORMAT } from '../../../lib/shared/contract/schemas';
import { ManualClock, T0, expectError, listAll, onPostgres, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
const clock = new ManualClock();
beforeAll(async () => {
  server = await startTestServer({ clock: clock.read });
});
afterAll(async () => {
  await server.dispose();
});

const OUT_OF_RANGE = [
  '9999-12-31T23:59:59.999-23:59', // year 10000 once the offset is applied
  '9999-12-31T23:59:59.999-00:01',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:30:00+01:00', // before the epoch in UTC
  '0000-01-01T00:00:00Z',
];

describe('instant range', () => {
  it.each(OUT_OF_RANGE)('create with expiresAt %s is 400 naming the field and the range; nothing stored', async (expiresAt) => {
    const before = (await listAll(server)).length;
    const error = await expectError(await server.req('POST', '/v1/keys', { json: { name: 'far', expiresAt } }), 400, 'invalid_request');
    expect(error.field).toBe('expiresAt');
    expect(error.message).toMatch(/1970-01-01T00:00:00\.000Z to 9999-12-31T23:59:59\.999Z/);
    expect((await listAll(server)).length).toBe(before);
  });

  it('replace refuses it too, and changes nothing', async () => {
    const { key } = await server.createKey('old');
    const res = await server.req('POST', `/v1/keys/${key.id}/replace`, {
      json: { name: 'new', expiresAt: OUT_OF_RANGE[0], graceSeconds: 0 },
    });
    await expectError(res, 400, 'invalid_request');
    const after = await (await server.req('GET', `/v1/keys/${key.id}`)).json();
    expect(after).toEqual({ key });
  });

  it('expiresBefore out of range is 400 naming the parameter', async () => {
    const error = await expectError(
      await server.req('GET', `/v1/keys?expiresBefore=${encodeURIComponent(OUT_OF_RANGE[0]!)}`),
      400,
      'invalid_request',
    );
    expect(error.field).toBe('expiresBefore');
  });

  it('the last valid instant is accepted and answered exactly as YYYY-MM-DDTHH:MM:SS.sssZ', async () => {
    for (const [sent, answered] of [
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      ['9999-12-31T23:59:59.999+23:59', '9999-12-31T00:00:59.999Z'],
      ['2030-06-01T12:00:00.123456+02:00', '2030-06-01T10:00:00.123Z'],
    ] as const) {
      const res = await server.req('POST', '/v1/keys', { json: { name: 'edge', expiresAt: sent } });
      expect(res.status).toBe(201);
      const body = CreateKeyResponse.parse(await res.json());
      expect(body.key.expiresAt).toBe(answered);
    }
    for (const key of await listAll(server)) {
      for (const instant of [key.createdAt, key.expiresAt, key.lastUsedAt]) {
        if (instant !== null) expect(instant).toMatch(UTC_INSTANT_FORMAT);
      }
      expect(KeyMeta.safeParse(key).success).toBe(true);
    }
  });

  it('the shared schema refuses what the server refuses', () => {
    for (const s of OUT_OF_RANGE) expect(IsoInstant.safeParse(s).success).toBe(false);
    expect(IsoInstant.safeParse('+010000-01-01T23:58:59.999Z').success).toBe(false);
    expect(IsoInstant.safeParse('9999-12-31T23:59:59.999Z').success).toBe(true);
  });
});

// Legacy SQLite files only: a PostgreSQL database never held pre-range values.
describe.skipIf(onPostgres)('a database written by an older server', () => {
  it('an out-of-range expiry already on disk is clamped on open, so the list still answers valid KeyMeta', async () => {
    // A file as a version-3 server left it (later migrations add tables, so
    // winding user_version back on a current file would not be an old file).
    const old = await startTestServer();
    try {
      await old.close();
      rmSync(old.dbPath, { force: true });
      const raw = new Database(old.dbPath);
      migrate(raw, 3);
      // What the old server stored for "9999-12-31T23:59:59.999-23:59".
      const id = 'key_legacyfarfuture0000000';
      raw
        .prepare('INSERT INTO keys (id, name, hint, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, 'legacy far future', 'wbk_…abcd', 'f'.repeat(64), T0, 253402387139999);
      raw.close();
      const reopened = await startTestServer({ dbPath: old.dbPath, adminToken: old.adminToken });
      try {
        const res = await reopened.req('GET', '/v1/keys');
        expect(res.status).toBe(200);
        const keys = (await res.json()) as { keys: unknown[] };
        const listed = keys.keys.map((k) => KeyMeta.parse(k));
        expect(listed.find((k) => k.id === id)?.expiresAt).toBe('9999-12-31T23:59:59.999Z');
        // Keys from before createdBy was recorded say so with null.
        expect(listed.find((k) => k.id === id)?.createdBy).toBeNull();
      } finally {
        await reopened.close();
      }
    } finally {
      await old.dispose();
    }
  });
});
