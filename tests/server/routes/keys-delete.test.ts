// DELETE /v1/keys/{id}: the key stops working at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../../lib/shared/contract/audit';
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

  describe('leak response: reason and origin', () => {
    async function deletedEvent(id: string) {
      const res = await server.req('GET', `/v1/audit?keyId=${id}&action=key.deleted`);
      const { events } = AuditListResponse.parse(await res.json());
      expect(events).toHaveLength(1);
      return events[0]!;
    }

    it('?reason=leaked&foundOn=<origin> records both in the audit event, and the request log holds neither', async () => {
      const { key, secret } = await server.createKey('pasted in chat');
      const res = await server.req('DELETE', `/v1/keys/${key.id}?reason=leaked&foundOn=${encodeURIComponent('https://chat.example.com')}`);
      expect(res.status).toBe(204);
      await expectError(await server.req('GET', '/v1/whoami', { token: secret }), 401, 'key_invalid');
      expect((await deletedEvent(key.id)).details).toEqual({ reason: 'leaked', foundOn: 'https://chat.example.com' });
      expect(server.logs.join('\n')).not.toContain('chat.example.com');
    });

    it('reason=leaked alone (pasted into the popup: no page) records foundOn null; a plain delete records no details', async () => {
      const pasted = await server.createKey('pasted');
      expect((await server.req('DELETE', `/v1/keys/${pasted.key.id}?reason=leaked`)).status).toBe(204);
      expect((await deletedEvent(pasted.key.id)).details).toEqual({ reason: 'leaked', foundOn: null });
      const plain = await server.createKey('plain');
      expect((await server.req('DELETE', `/v1/keys/${plain.key.id}`)).status).toBe(204);
      expect((await deletedEvent(plain.key.id)).details).toBeNull();
    });

    it.each([
      ['a path', 'reason=leaked&foundOn=https%3A%2F%2Fchat.example.com%2Froom%2F42', 'foundOn'],
      ['a trailing slash', 'reason=leaked&foundOn=https%3A%2F%2Fchat.example.com%2F', 'foundOn'],
      ['credentials', 'reason=leaked&foundOn=https%3A%2F%2Fu%3Ap%40chat.example.com', 'foundOn'],
      ['a chrome:// page', 'reason=leaked&foundOn=chrome%3A%2F%2Fnewtab', 'foundOn'],
      ['another reason', 'reason=rotated', 'reason'],
      ['foundOn without reason', 'foundOn=https%3A%2F%2Fchat.example.com', 'foundOn'],
      ['an unknown parameter', 'reason=leaked&url=https%3A%2F%2Fx.example', 'url'],
    ])('400 for %s, and the key stays', async (_label, query, field) => {
      const { key, secret } = await server.createKey('kept');
      const error = await expectError(await server.req('DELETE', `/v1/keys/${key.id}?${query}`), 400, 'invalid_request');
      expect(error.field).toBe(field);
      expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
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
