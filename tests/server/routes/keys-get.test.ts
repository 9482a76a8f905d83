// GET /v1/keys/{id}: one key's metadata, never its secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyResponse } from '../../../lib/shared/contract/schemas';
import { ManualClock, expectError, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('GET /v1/keys/{id}', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('answers the key as created, with no-store and without the secret', async () => {
      const { key, secret } = await server.createKey('read me', new Date(clock.now + 86_400_000).toISOString());
      const res = await server.req('GET', `/v1/keys/${key.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(text).not.toContain(secret);
      expect(KeyResponse.parse(JSON.parse(text)).key).toEqual(key);
    });
  });

  describe('errors', () => {
    it.each(['key_aaaaaaaaaaaaaaaaaaaaaaaa', 'key_UPPERCASEUPPERCASEUPPER', 'nope', 'key_short', '%00'])(
      '404 unknown or malformed id %s',
      async (id) => {
        await expectError(await server.req('GET', `/v1/keys/${id}`), 404, 'not_found');
      },
    );

    it.each([
      ['POST', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa', 'GET, HEAD, PATCH, DELETE'],
      ['PUT', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa', 'GET, HEAD, PATCH, DELETE'],
    ])('405 with Allow: %s %s', async (method, path, allow) => {
      const res = await server.req(method, path);
      expect(res.headers.get('allow')).toBe(allow);
      await expectError(res, 405, 'method_not_allowed');
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 200,
      request: async (s) => ({ method: 'GET', path: `/v1/keys/${(await s.createKey('harness')).key.id}` }),
    });
  });
});
