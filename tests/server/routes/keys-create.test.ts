// POST /v1/keys: a new key, its secret returned exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_MAX_BYTES, CreateKeyResponse, KeyResponse } from '../../../lib/shared/contract/schemas';
import { isWellFormedSecret, secretHint } from '../../../lib/shared/contract/secret';
import { ManualClock, T0, expectError, listAll, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('POST /v1/keys', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
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

    it('application/json; charset=utf-8 is accepted', async () => {
      const res = await server.req('POST', '/v1/keys', {
        json: { name: 'x', expiresAt: null },
        headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
      });
      expect(res.status).toBe(201);
    });
  });

  describe('errors', () => {
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
    });

    describe('400 invalid_json', () => {
      it.each([
        ['malformed', '{"name": "x",'],
        ['empty', ''],
        ['trailing garbage', '{"name":"x","expiresAt":null} x'],
      ])('%s body', async (_label, raw) => {
        await expectError(await server.req('POST', '/v1/keys', { raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      });

      it('invalid UTF-8 bytes', async () => {
        const raw = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
        await expectError(await server.req('POST', '/v1/keys', { raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      });
    });

    describe('413 payload_too_large', () => {
      const big = JSON.stringify({ name: 'x', expiresAt: null, pad: 'y'.repeat(BODY_MAX_BYTES) });

      it('by Content-Length', async () => {
        await expectError(
          await server.req('POST', '/v1/keys', { raw: big, headers: { 'content-type': 'application/json' } }),
          413,
          'payload_too_large',
        );
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
      });
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 201,
      request: async () => ({ method: 'POST', path: '/v1/keys', json: { name: 'harness', expiresAt: null } }),
    });
  });
});
