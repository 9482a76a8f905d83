// POST /v1/keys/lookup: which of these secret hashes are our keys.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LookupKeysResponse } from '../../../lib/shared/contract/leak';
import { generateSecret } from '../../../lib/shared/contract/secret';
import { DEFAULT_RATE_LIMIT } from '../../../server/rate-limit';
import { ManualClock, T0, expectError, startTestServer, type TestServer } from '../helpers';
import { addAdmin } from '../support/admins';
import { describeRouteSecurity } from '../support/security';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function lookup(server: TestServer, hashes: unknown, token?: string): Promise<LookupKeysResponse> {
  const res = await server.req('POST', '/v1/keys/lookup', token === undefined ? { json: { hashes } } : { json: { hashes }, token });
  expect(res.status, await res.clone().text()).toBe(200);
  return LookupKeysResponse.parse(await res.json());
}

describe('POST /v1/keys/lookup', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('answers each hash in order: the key with last use and creator, or null for unknown and deleted keys', async () => {
      const live = await server.createKey('payments prod');
      const doomed = await server.createKey('old one');
      clock.advance(90_000);
      expect((await server.req('GET', '/v1/whoami', { token: live.secret })).status).toBe(200);
      expect((await server.req('DELETE', `/v1/keys/${doomed.key.id}`)).status).toBe(204);
      const stranger = generateSecret();

      const { results } = await lookup(server, [sha256(stranger), sha256(live.secret), sha256(doomed.secret)]);
      expect(results).toEqual([
        { hash: sha256(stranger), key: null },
        {
          hash: sha256(live.secret),
          key: {
            ...live.key,
            lastUsedAt: new Date(T0 + 90_000).toISOString(),
            createdBy: { id: 1, name: expect.any(String) as string },
          },
        },
        { hash: sha256(doomed.secret), key: null },
      ]);
    });

    it('a viewer may look up keys', async () => {
      const viewer = addAdmin(server, 'viewer', 'Vic');
      const { secret, key } = await server.createKey('seen by a viewer');
      const { results } = await lookup(server, [sha256(secret)], viewer.token);
      expect(results[0]?.key?.id).toBe(key.id);
    });

    it(`takes ${100} hashes at once, duplicates answered each time`, async () => {
      const { secret } = await server.createKey('in a crowd');
      const hashes = [...Array.from({ length: 98 }, () => sha256(generateSecret())), sha256(secret), sha256(secret)];
      const { results } = await lookup(server, hashes);
      expect(results).toHaveLength(100);
      expect(results.filter((r) => r.key !== null)).toHaveLength(2);
    });

    it('many lookups of unknown hashes are ordinary answers: never a lockout, never a failed-auth event', async () => {
      for (let i = 0; i < DEFAULT_RATE_LIMIT.maxFailures + 5; i++) {
        const { results } = await lookup(server, [sha256(generateSecret())]);
        expect(results[0]?.key).toBeNull();
      }
      const audit = await server.req('GET', '/v1/audit?action=auth.failed');
      expect(((await audit.json()) as { events: unknown[] }).events).toEqual([]);
    });
  });

  describe('errors', () => {
    const good = sha256('x');
    it.each([
      ['uppercase hex', { hashes: [good.toUpperCase()] }, 'hashes.0'],
      ['63 characters', { hashes: [good.slice(1)] }, 'hashes.0'],
      ['a raw key instead of its hash', { hashes: [generateSecret()] }, 'hashes.0'],
      ['not a string', { hashes: [42] }, 'hashes.0'],
      ['empty list', { hashes: [] }, 'hashes'],
      ['101 hashes', { hashes: Array.from({ length: 101 }, () => good) }, 'hashes'],
      ['no hashes field', {}, 'hashes'],
      ['an unknown field', { hashes: [good], secrets: [] }, 'secrets'],
    ])('400 for %s, naming the field', async (_label, json, field) => {
      const error = await expectError(await server.req('POST', '/v1/keys/lookup', { json }), 400, 'invalid_request');
      expect(error.field).toBe(field);
    });

    it('a raw key sent by mistake is not echoed back', async () => {
      const secret = generateSecret();
      const res = await server.req('POST', '/v1/keys/lookup', { json: { hashes: [secret] } });
      expect(await res.text()).not.toContain(secret);
    });

    it('415 without JSON', async () => {
      await expectError(await server.req('POST', '/v1/keys/lookup', { raw: 'hashes=x' }), 415, 'unsupported_media_type');
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 200,
      request: async (s) => ({ method: 'POST', path: '/v1/keys/lookup', json: { hashes: [sha256((await s.createKey('harness')).secret)] } }),
    });
  });
});
