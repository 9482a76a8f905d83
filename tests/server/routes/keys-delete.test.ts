// DELETE /v1/keys/{id}: the key stops working at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, expectError, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('DELETE /v1/keys/{id}', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
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
  });

  describe('errors', () => {
    it.each(['key_aaaaaaaaaaaaaaaaaaaaaaaa', 'key_UPPERCASEUPPERCASEUPPER', 'nope', 'key_short', '%00'])(
      '404 unknown or malformed id %s',
      async (id) => {
        await expectError(await server.req('DELETE', `/v1/keys/${id}`), 404, 'not_found');
      },
    );
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 204,
      request: async (s) => ({ method: 'DELETE', path: `/v1/keys/${(await s.createKey('harness')).key.id}` }),
    });
  });
});
