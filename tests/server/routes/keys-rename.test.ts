// PATCH /v1/keys/{id}: rename; the expiry is immutable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyResponse } from '../../../lib/shared/contract/schemas';
import { ManualClock, T0, expectError, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

const future = new Date(T0 + 86_400_000).toISOString();

describe('PATCH /v1/keys/{id}', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('PATCH /v1/keys/{id} renames, leaving everything else alone', async () => {
      const { key } = await server.createKey('before', new Date(T0 + 10 * 86_400_000).toISOString());
      const res = await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: ' after ' } });
      expect(res.status).toBe(200);
      const renamed = KeyResponse.parse(await res.json()).key;
      expect(renamed).toEqual({ ...key, name: 'after' });
    });
  });

  describe('errors', () => {
    it('400 invalid_request: PATCH with a bad name or unknown field', async () => {
      const { key } = await server.createKey('target');
      let error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: '' } }), 400, 'invalid_request');
      expect(error.field).toBe('name');
      error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'a', hint: 'b' } }), 400, 'invalid_request');
      expect(error.field).toBe('hint');
      error = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: {} }), 400, 'invalid_request');
      expect(error.field).toBe('name');
    });

    it.each([[future], [null], ['garbage']])('400 expiry_immutable: PATCH with expiresAt=%s changes nothing', async (expiresAt) => {
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

    it.each(['key_aaaaaaaaaaaaaaaaaaaaaaaa', 'key_UPPERCASEUPPERCASEUPPER', 'nope', 'key_short', '%00'])(
      '404 unknown or malformed id %s',
      async (id) => {
        await expectError(await server.req('PATCH', `/v1/keys/${id}`, { json: { name: 'x' } }), 404, 'not_found');
      },
    );

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['latin1 JSON', { 'content-type': 'application/json; charset=latin1' }],
      ['none', {}],
    ])('415 unsupported_media_type: %s', async (_label, headers) => {
      const raw = new TextEncoder().encode(JSON.stringify({ name: 'x', expiresAt: null }));
      const { key } = await server.createKey('media');
      await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { raw, headers }), 415, 'unsupported_media_type');
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 200,
      request: async (s) => ({ method: 'PATCH', path: `/v1/keys/${(await s.createKey('harness')).key.id}`, json: { name: 'renamed' } }),
    });
  });
});
