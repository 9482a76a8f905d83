// Every error the contract names, each with its status, code and envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_MAX_BYTES, KeyResponse } from '../../lib/shared/contract/schemas';
import { generateSecret } from '../../lib/shared/contract/secret';
import { createApp } from '../../server/app';
import { openDb } from '../../server/db';
import { ManualClock, T0, expectError, listAll, startTestServer, type TestServer } from './helpers';

const future = new Date(T0 + 86_400_000).toISOString();

describe('key API errors', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('400 invalid_request names the field', () => {
    const cases: Array<[string, unknown, string]> = [
      ['empty name', { name: '', expiresAt: null }, 'name'],
      ['blank name', { name: '   ', expiresAt: null }, 'name'],
      ['long name', { name: 'x'.repeat(101), expiresAt: null }, 'name'],
      ['control char', { name: 'a\u0007b', expiresAt: null }, 'name'],
      ['line separator', { name: 'a\u2028b', expiresAt: null }, 'name'],
      ['name not a string', { name: 42, expiresAt: null }, 'name'],
      ['missing name', { expiresAt: null }, 'name'],
      ['missing expiresAt', { name: 'x' }, 'expiresAt'],
      ['expiresAt without offset', { name: 'x', expiresAt: '2031-01-01T00:00:00' }, 'expiresAt'],
      ['expiresAt a date only', { name: 'x', expiresAt: '2031-01-01' }, 'expiresAt'],
      ['expiresAt impossible date', { name: 'x', expiresAt: '2031-02-30T00:00:00Z' }, 'expiresAt'],
      ['expiresAt a number', { name: 'x', expiresAt: 1924992000000 }, 'expiresAt'],
      ['expiresAt in the past', { name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      ['expiresAt equal to now', { name: 'x', expiresAt: new Date(T0).toISOString() }, 'expiresAt'],
      ['unknown field', { name: 'x', expiresAt: null, scopes: ['all'] }, 'scopes'],
    ];
    it.each(cases)('POST %s', async (_label, json, field) => {
      const before = await listAll(server);
      const error = await expectError(await server.req('POST', '/v1/keys', { json }), 400, 'invalid_request');
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
      expect(await listAll(server)).toEqual(before);
    });

    it('POST a JSON array or scalar is refused without a field', async () => {
      for (const json of [[], 'name', null, 1]) {
        const error = await expectError(await server.req('POST', '/v1/keys', { json }), 400, 'invalid_request');
        expect(error.field).toBeUndefined();
      }
    });

    it('PATCH with a bad name or unknown field', async () => {
      const { key } = await server.createKey('target');
      let error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: '' } }), 400, 'invalid_request');
      expect(error.field).toBe('name');
      error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'a', hint: 'b' } }), 400, 'invalid_request');
      expect(error.field).toBe('hint');
      error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: {} }), 400, 'invalid_request');
      expect(error.field).toBe('name');
    });

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
    ])('GET /v1/keys?%s', async (query, field) => {
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
  });

  describe('400 invalid_json', () => {
    it.each([
      ['malformed', '{"name": "x",'],
      ['empty', ''],
      ['trailing garbage', '{"name":"x","expiresAt":null} x'],
    ])('%s body', async (_label, raw) => {
      await expectError(
        await server.req('POST', '/v1/keys', { raw, headers: { 'content-type': 'application/json' } }),
        400,
        'invalid_json',
      );
    });

    it('invalid UTF-8 bytes', async () => {
      const raw = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      await expectError(await server.req('POST', '/v1/keys', { raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    });
  });

  describe('400 expiry_immutable', () => {
    it.each([[future], [null], ['garbage']])('PATCH with expiresAt=%s changes nothing', async (expiresAt) => {
      const { key } = await server.createKey('fixed', new Date(T0 + 5 * 86_400_000).toISOString());
      const error = await expectError(
        await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'renamed', expiresAt } }),
        400,
        'expiry_immutable',
      );
      expect(error.field).toBe('expiresAt');
      const after = KeyResponse.parse(await (await server.req('GET', `/v1/keys/${key.id}`)).json()).key;
      expect(after).toEqual(key);
    });
  });

  describe('401', () => {
    it.each([
      ['no header', {}],
      ['wrong token', { authorization: 'Bearer wbadm_wrong_wrong_wrong_wrong_wrong_wrong' }],
      ['basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['empty bearer', { authorization: 'Bearer ' }],
    ])('admin endpoints refuse %s', async (_label, headers) => {
      for (const [method, path] of [
        ['GET', '/v1/keys'],
        ['POST', '/v1/keys'],
        ['GET', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa'],
        ['PATCH', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa'],
        ['DELETE', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa'],
      ] as const) {
        const res = await server.req(method, path, { token: null, headers });
        expect(res.headers.get('www-authenticate')).toContain('Bearer');
        await expectError(res, 401, 'unauthorized');
      }
    });

    it('whoami refuses missing, malformed, bad-checksum and unknown keys as key_invalid', async () => {
      const good = generateSecret();
      const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
      for (const token of [null, 'nope', 'wbk_short', badChecksum, good, server.adminToken]) {
        await expectError(await server.req('GET', '/v1/whoami', { token }), 401, 'key_invalid');
      }
    });
  });

  describe('404 not_found', () => {
    it.each([
      ['GET', '/'],
      ['GET', '/v1'],
      ['GET', '/v1/keys/'],
      ['GET', '/v2/keys'],
      ['GET', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa/extra'],
      ['POST', '/v1/whoami/x'],
    ])('unknown route %s %s', async (method, path) => {
      await expectError(await server.req(method, path), 404, 'not_found');
    });

    it.each(['key_aaaaaaaaaaaaaaaaaaaaaaaa', 'key_UPPERCASEUPPERCASEUPPER', 'nope', 'key_short', '%00'])('unknown or malformed id %s', async (id) => {
      await expectError(await server.req('GET', `/v1/keys/${id}`), 404, 'not_found');
      await expectError(await server.req('DELETE', `/v1/keys/${id}`), 404, 'not_found');
      await expectError(await server.req('PATCH', `/v1/keys/${id}`, { json: { name: 'x' } }), 404, 'not_found');
    });
  });

  describe('405 method_not_allowed with Allow', () => {
    it.each([
      ['PUT', '/v1/keys', 'GET, HEAD, POST'],
      ['DELETE', '/v1/keys', 'GET, HEAD, POST'],
      ['POST', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa', 'GET, HEAD, PATCH, DELETE'],
      ['PUT', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa', 'GET, HEAD, PATCH, DELETE'],
      ['POST', '/v1/whoami', 'GET, HEAD'],
      ['DELETE', '/healthz', 'GET, HEAD'],
      ['OPTIONS', '/v1/keys', 'GET, HEAD, POST'],
    ])('%s %s', async (method, path, allow) => {
      const res = await server.req(method, path);
      expect(res.headers.get('allow')).toBe(allow);
      await expectError(res, 405, 'method_not_allowed');
    });
  });

  describe('413 payload_too_large', () => {
    const big = JSON.stringify({ name: 'x', expiresAt: null, pad: 'y'.repeat(BODY_MAX_BYTES) });

    it('by Content-Length', async () => {
      await expectError(await server.req('POST', '/v1/keys', { raw: big, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    });

    it('chunked, with no Content-Length', async () => {
      const bytes = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.slice(i, i + 1024));
          controller.close();
        },
      });
      const res = await fetch(`${server.url}/v1/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      await expectError(res, 413, 'payload_too_large');
    });

    it('exactly the limit is fine (then judged as JSON)', async () => {
      const body = JSON.stringify({ name: 'ok', expiresAt: null });
      const raw = body + ' '.repeat(BODY_MAX_BYTES - body.length);
      const res = await server.req('POST', '/v1/keys', { raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(201);
    });
  });

  describe('415 unsupported_media_type', () => {
    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['latin1 JSON', { 'content-type': 'application/json; charset=latin1' }],
      ['none', {}],
    ])('%s', async (_label, headers) => {
      const raw = new TextEncoder().encode(JSON.stringify({ name: 'x', expiresAt: null }));
      await expectError(await server.req('POST', '/v1/keys', { raw, headers }), 415, 'unsupported_media_type');
      const { key } = await server.createKey('media');
      await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { raw, headers }), 415, 'unsupported_media_type');
    });

    it('application/json; charset=utf-8 is accepted', async () => {
      const res = await server.req('POST', '/v1/keys', {
        json: { name: 'x', expiresAt: null },
        headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
      });
      expect(res.status).toBe(201);
    });
  });
});

describe('500 internal', () => {
  it('an unexpected failure is an envelope without a stack trace, and is logged', async () => {
    const db = openDb(':memory:');
    const logs: string[] = [];
    const app = createApp({ db, log: (line) => logs.push(line) });
    db.close(); // every query now throws
    const res = await app.request('/v1/whoami', { headers: { authorization: `Bearer ${generateSecret()}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error.' } });
    expect(text).not.toMatch(/at |\.ts|database/i);
    expect(logs.some((l) => l.startsWith('error:'))).toBe(true);
  });
});
