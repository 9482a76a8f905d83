// POST /v1/keys/{id}/replace: new key + old key's expiry shortened to
// now + grace, in one transaction; never extended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, KeyResponse, ReplaceKeyResponse, WhoamiResponse } from '../../../lib/shared/contract/schemas';
import { ManualClock, expectError, listAll, onPostgres, rawSql, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

const DAY = 86_400_000;

describe('POST /v1/keys/{id}/replace', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  const replace = (id: string, json: unknown, headers: Record<string, string> = {}) =>
    server.req('POST', `/v1/keys/${id}/replace`, { json, headers });
  const whoami = (secret: string) => server.req('GET', '/v1/whoami', { token: secret });
  const getKey = async (id: string) => KeyResponse.parse(await (await server.req('GET', `/v1/keys/${id}`)).json()).key;

  describe('happy path', () => {
    it('grace 0: 201 with the new secret, no-store; the old key is refused at once as expired', async () => {
      const old = await server.createKey('rotating', null);
      const res = await replace(old.key.id, { name: 'rotated', expiresAt: null, graceSeconds: 0 });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = ReplaceKeyResponse.parse(await res.json());
      expect(res.headers.get('location')).toBe(`/v1/keys/${body.key.id}`);
      expect(body.secret).toEqual(expect.any(String));
      expect(body.key).toMatchObject({ name: 'rotated', expiresAt: null, status: 'active' });
      expect(body.replaced).toMatchObject({ id: old.key.id, expiresAt: new Date(clock.now).toISOString(), status: 'expired' });
      await expectError(await whoami(old.secret), 401, 'key_expired');
      expect(WhoamiResponse.parse(await (await whoami(body.secret ?? '')).json()).keyId).toBe(body.key.id);
    });

    it('grace 3600: the old key works now and is refused after 3601 s', async () => {
      const old = await server.createKey('graceful', null);
      const res = await replace(old.key.id, { name: 'successor', expiresAt: null, graceSeconds: 3600 });
      const body = ReplaceKeyResponse.parse(await res.json());
      expect(body.replaced.expiresAt).toBe(new Date(clock.now + 3_600_000).toISOString());
      expect((await whoami(old.secret)).status).toBe(200);
      clock.advance(3_601_000);
      await expectError(await whoami(old.secret), 401, 'key_expired');
      expect((await whoami(body.secret ?? '')).status).toBe(200);
    });

    it('an old expiry earlier than now + grace stays: grace never extends', async () => {
      const soon = new Date(clock.now + 600_000).toISOString();
      const old = await server.createKey('expiring soon', soon);
      const body = ReplaceKeyResponse.parse(await (await replace(old.key.id, { name: 'n', expiresAt: null, graceSeconds: 7200 })).json());
      expect(body.replaced.expiresAt).toBe(soon);
      expect((await getKey(old.key.id)).expiresAt).toBe(soon);
    });

    it('an already expired old key is unchanged, and replacing it is allowed', async () => {
      const expiry = new Date(clock.now + 1000).toISOString();
      const old = await server.createKey('already expired', expiry);
      clock.advance(60_000);
      const res = await replace(old.key.id, { name: 'revived', expiresAt: null, graceSeconds: 0 });
      expect(res.status).toBe(201);
      const body = ReplaceKeyResponse.parse(await res.json());
      expect(body.replaced).toEqual({ ...old.key, status: 'expired' });
    });

    it('Idempotency-Key: a retry names the same new key, shortens nothing twice, and conflicts on another body', async () => {
      const old = await server.createKey('idem old', null);
      const headers = { [IDEMPOTENCY_HEADER]: `replace-${old.key.id}` };
      const body = { name: 'idem new', expiresAt: new Date(clock.now + 30 * DAY).toISOString(), graceSeconds: 60 };
      const first = ReplaceKeyResponse.parse(await (await replace(old.key.id, body, headers)).json());
      const count = (await listAll(server)).length;
      clock.advance(30_000);
      const res = await replace(old.key.id, body, headers);
      expect(res.status).toBe(200);
      const again = ReplaceKeyResponse.parse(await res.json());
      expect(again).toEqual({ key: first.key, secret: null, alreadyIssued: true, replaced: first.replaced });
      expect((await listAll(server)).length).toBe(count);
      await expectError(await replace(old.key.id, { ...body, graceSeconds: 0 }, headers), 409, 'idempotency_conflict');
      // The same Idempotency-Key on create is a different request, too.
      await expectError(
        await server.req('POST', '/v1/keys', { json: { name: 'idem new', expiresAt: body.expiresAt }, headers }),
        409,
        'idempotency_conflict',
      );
    });
  });

  describe('errors', () => {
    it('unknown or malformed id: 404; wrong method: 405 with Allow: POST', async () => {
      await expectError(await replace('key_000000000000000000000000', { name: 'n', expiresAt: null, graceSeconds: 0 }), 404, 'not_found');
      await expectError(await replace('nope', { name: 'n', expiresAt: null, graceSeconds: 0 }), 404, 'not_found');
      const old = await server.createKey('methods');
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const res = await server.req(method, `/v1/keys/${old.key.id}/replace`);
        await expectError(res, 405, 'method_not_allowed');
        expect(res.headers.get('allow')).toBe('POST');
      }
    });

    it('invalid bodies are 400 naming the field and change nothing', async () => {
      const old = await server.createKey('untouched', null);
      const before = await listAll(server);
      const cases: Array<[unknown, string]> = [
        [{ name: 'n', expiresAt: new Date(clock.now - 1).toISOString(), graceSeconds: 0 }, 'expiresAt'],
        [{ name: 'n', expiresAt: new Date(clock.now).toISOString(), graceSeconds: 0 }, 'expiresAt'],
        [{ name: '   ', expiresAt: null, graceSeconds: 0 }, 'name'],
        [{ name: 'n', expiresAt: null, graceSeconds: -1 }, 'graceSeconds'],
        [{ name: 'n', expiresAt: null, graceSeconds: 1.5 }, 'graceSeconds'],
        [{ name: 'n', expiresAt: null, graceSeconds: 30 * 86_400 + 1 }, 'graceSeconds'],
        [{ name: 'n', expiresAt: null }, 'graceSeconds'],
        [{ name: 'n', expiresAt: null, graceSeconds: 0, extra: 1 }, 'extra'],
      ];
      for (const [json, field] of cases) {
        const error = await expectError(await replace(old.key.id, json), 400, 'invalid_request');
        expect(error.field).toBe(field);
      }
      expect(await listAll(server)).toEqual(before);
    });

    it('atomic: when inserting the new key fails, the old key keeps its expiry', async () => {
      const old = await server.createKey('survivor', null);
      const before = await listAll(server);
      // A trigger (from a second connection) makes the insert fail inside the transaction, after the old key was shortened.
      await rawSql(
        server.dbPath,
        onPostgres
          ? `CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
             CREATE TRIGGER fail_insert BEFORE INSERT ON keys FOR EACH ROW WHEN (NEW.name = 'boom') EXECUTE FUNCTION fail_insert();`
          : `CREATE TRIGGER fail_insert BEFORE INSERT ON keys WHEN NEW.name = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`,
      );
      try {
        await expectError(await replace(old.key.id, { name: 'boom', expiresAt: null, graceSeconds: 0 }), 500, 'internal');
      } finally {
        await rawSql(server.dbPath, onPostgres ? 'DROP TRIGGER fail_insert ON keys; DROP FUNCTION fail_insert();' : 'DROP TRIGGER fail_insert');
      }
      expect(await listAll(server)).toEqual(before);
      expect((await getKey(old.key.id)).expiresAt).toBeNull();
      expect((await whoami(old.secret)).status).toBe(200);
    });

    it('Idempotency-Key: a retry after the new or the old key was deleted is 409', async () => {
      const body = { name: 'n', expiresAt: null, graceSeconds: 60 };
      const a = await server.createKey('a', null);
      const headersA = { [IDEMPOTENCY_HEADER]: `replace-new-gone-${a.key.id}` };
      const made = ReplaceKeyResponse.parse(await (await replace(a.key.id, body, headersA)).json());
      expect((await server.req('DELETE', `/v1/keys/${made.key.id}`)).status).toBe(204);
      expect((await expectError(await replace(a.key.id, body, headersA), 409, 'idempotency_conflict')).message).toMatch(/deleted/);

      const b = await server.createKey('b', null);
      const headersB = { [IDEMPOTENCY_HEADER]: `replace-old-gone-${b.key.id}` };
      expect((await replace(b.key.id, body, headersB)).status).toBe(201);
      expect((await server.req('DELETE', `/v1/keys/${b.key.id}`)).status).toBe(204);
      expect((await expectError(await replace(b.key.id, body, headersB), 409, 'idempotency_conflict')).message).toMatch(/deleted/);
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 201,
      request: async (s) => ({
        method: 'POST',
        path: `/v1/keys/${(await s.createKey('harness')).key.id}/replace`,
        json: { name: 'harness successor', expiresAt: null, graceSeconds: 0 },
      }),
    });
  });
});
