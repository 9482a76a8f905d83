// GET /v1/keys: one page of key metadata (paging at scale: ../pagination.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListKeysResponse } from '../../../lib/shared/contract/schemas';
import { ManualClock, expectError, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('GET /v1/keys', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
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

    it('HEAD works wherever GET does', async () => {
      const res = await server.req('HEAD', '/v1/keys');
      expect(res.status).toBe(200);
    });
  });

  describe('errors', () => {
    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['offset=10', 'offset'],
      ['cursor=', 'cursor'],
      ['cursor=not-a-cursor', 'cursor'],
      ['cursor=%21%21', 'cursor'],
      ['sort=size', 'sort'],
      ['order=up', 'order'],
      ['status=revoked', 'status'],
      ['expiresBefore=tomorrow', 'expiresBefore'],
    ])('400 invalid_request: GET /v1/keys?%s', async (query, field) => {
      const error = await expectError(await server.req('GET', `/v1/keys?${query}`), 400, 'invalid_request');
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
    });

    it('a cursor from another sort is refused', async () => {
      await server.createKey('a');
      await server.createKey('b');
      const page = (await (await server.req('GET', '/v1/keys?limit=1&sort=name')).json()) as { nextCursor: string };
      expect(page.nextCursor).toEqual(expect.any(String));
      const error = await expectError(await server.req('GET', `/v1/keys?limit=1&cursor=${page.nextCursor}`), 400, 'invalid_request');
      expect(error.field).toBe('cursor');
    });

    it.each([
      ['PUT', '/v1/keys', 'GET, HEAD, POST'],
      ['DELETE', '/v1/keys', 'GET, HEAD, POST'],
      ['OPTIONS', '/v1/keys', 'GET, HEAD, POST'],
    ])('405 with Allow: %s %s', async (method, path, allow) => {
      const res = await server.req(method, path);
      expect(res.headers.get('allow')).toBe(allow);
      await expectError(res, 405, 'method_not_allowed');
    });
  });

  describe('security', () => {
    it('logs one line per request without query strings, headers or bodies', async () => {
      server.logs.length = 0;
      await server.req('GET', '/v1/keys?limit=3');
      expect(server.logs).toHaveLength(1);
      expect(server.logs[0]).toMatch(/^GET \/v1\/keys 200 \d+ms$/);
    });

    describeRouteSecurity({ auth: 'admin', okStatus: 200, request: async () => ({ method: 'GET', path: '/v1/keys' }) });
  });
});
