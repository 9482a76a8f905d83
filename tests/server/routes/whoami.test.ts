// GET /v1/whoami: which key a secret belongs to (authenticated by the key itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyResponse, ListKeysResponse, WhoamiResponse } from '../../../lib/shared/contract/schemas';
import { generateSecret } from '../../../lib/shared/contract/secret';
import { createApp } from '../../../server/app';
import { openDb } from '../../../server/db';
import { createSqliteStore } from '../../../server/store';
import { ManualClock, T0, expectError, onPostgres, sleep, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('GET /v1/whoami', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
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

    it('lastUsedAt: whoami writes nothing; the latest use is written by the next batched flush', async () => {
      const { key, secret } = await server.createKey('usage');
      const lastUsed = async () => KeyResponse.parse(await (await server.req('GET', `/v1/keys/${key.id}`)).json()).key.lastUsedAt;
      expect(await lastUsed()).toBeNull();
      const first = clock.now;
      await server.req('GET', '/v1/whoami', { token: secret });
      expect(await lastUsed()).toBeNull(); // read-only: nothing written yet
      await server.flushLastUsed();
      expect(await lastUsed()).toBe(new Date(first).toISOString());
      clock.advance(5_000);
      await server.req('GET', '/v1/whoami', { token: secret });
      clock.advance(5_000);
      await server.req('GET', '/v1/whoami', { token: secret });
      await server.flushLastUsed();
      expect(await lastUsed()).toBe(new Date(first + 10_000).toISOString());
    });

    it('lastUsedAt never moves back: an older use flushed later (another node) is ignored', async () => {
      const { key } = await server.createKey('order');
      const store = await server.openStore();
      try {
        await store.touchKeys([{ id: key.id, at: T0 + 9_000 }]);
        await store.touchKeys([{ id: key.id, at: T0 + 5_000 }]);
        expect((await store.getKey(key.id))?.last_used_at).toBe(T0 + 9_000);
      } finally {
        await store.close();
      }
    });

    it('graceful shutdown writes the buffered uses', async () => {
      const own = await startTestServer({ clock: clock.read });
      try {
        const { key, secret } = await own.createKey('at shutdown');
        const at = clock.now;
        await own.req('GET', '/v1/whoami', { token: secret });
        await own.close();
        const store = await own.openStore();
        try {
          expect((await store.getKey(key.id))?.last_used_at).toBe(at);
        } finally {
          await store.close();
        }
      } finally {
        await own.dispose();
      }
    });

    it('real time expiry: a key that expires in ~2 s stops working after 2.5 s', async () => {
      const real = await startTestServer();
      try {
        const { key, secret } = await real.createKey('real-time', new Date(Date.now() + 2000).toISOString());
        expect((await real.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
        await sleep(2500);
        await expectError(await real.req('GET', '/v1/whoami', { token: secret }), 401, 'key_expired');
        const got = KeyResponse.parse(await (await real.req('GET', `/v1/keys/${key.id}`)).json());
        expect(got.key.status).toBe('expired');
      } finally {
        await real.dispose();
      }
    });
  });

  describe('errors', () => {
    it('405 with Allow: POST /v1/whoami', async () => {
      const res = await server.req('POST', '/v1/whoami');
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      await expectError(res, 405, 'method_not_allowed');
    });

    // A closed SQLite connection stands for a failure no store expects (PostgreSQL's outages are 503: multinode tests).
    it.skipIf(onPostgres)('500 internal: an unexpected failure is an envelope without a stack trace, and is logged', async () => {
      const db = openDb(':memory:');
      const logs: string[] = [];
      const app = createApp({ store: createSqliteStore(db), log: (line) => logs.push(line) });
      db.close(); // every query now throws
      const res = await app.request('/v1/whoami', { headers: { authorization: `Bearer ${generateSecret()}` } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error.' } });
      expect(text).not.toMatch(/at |\.ts|database/i);
      expect(logs.some((l) => l.startsWith('error:'))).toBe(true);
    });
  });

  describe('security', () => {
    it('whoami refuses missing, malformed, bad-checksum and unknown keys as key_invalid', async () => {
      const good = generateSecret();
      const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
      for (const token of [null, 'nope', 'wbk_short', badChecksum, good, server.adminToken]) {
        await expectError(await server.req('GET', '/v1/whoami', { token }), 401, 'key_invalid');
      }
    });

    it('the admin token is never accepted as a key', async () => {
      await expectError(await server.req('GET', '/v1/whoami'), 401, 'key_invalid');
    });

    it.skipIf(onPostgres)('rejects malformed and bad-checksum secrets before any query', async () => {
      const db = openDb(':memory:');
      const app = createApp({ store: createSqliteStore(db) });
      db.close(); // any query would now throw and answer 500
      const good = generateSecret();
      for (const token of ['nope', 'wbk_tooshort', good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A')]) {
        const res = await app.request('/v1/whoami', { headers: { authorization: `Bearer ${token}` } });
        await expectError(res, 401, 'key_invalid');
      }
    });

    describeRouteSecurity({
      auth: 'key',
      okStatus: 200,
      request: async (s) => ({ method: 'GET', path: '/v1/whoami', token: (await s.createKey('whoami harness')).secret }),
    });
  });
});
