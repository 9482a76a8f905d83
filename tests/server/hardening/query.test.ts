// Issue 11 item 4: every endpoint refuses query parameters it does not know,
// whatever their spelling (prototype names included), naming the parameter;
// and the order of checks is the documented one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
let keyId: string;
let secret: string;
beforeAll(async () => {
  server = await startTestServer();
  ({
    key: { id: keyId },
    secret,
  } = await server.createKey('query target'));
});
afterAll(async () => {
  await server.dispose();
});

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'foo', 'LIMIT', 'limit[]', '', 'sort ', 'a%00b'];

describe('unknown query parameters', () => {
  const endpoints = (): [string, string, string | null, unknown?][] => [
    ['GET', '/v1/keys', server.adminToken],
    ['POST', '/v1/keys', server.adminToken, { name: 'x', expiresAt: null }],
    ['GET', `/v1/keys/${keyId}`, server.adminToken],
    ['PATCH', `/v1/keys/${keyId}`, server.adminToken, { name: 'renamed' }],
    ['POST', `/v1/keys/${keyId}/replace`, server.adminToken, { name: 'x', expiresAt: null, graceSeconds: 60 }],
    ['GET', '/v1/whoami', secret],
    ['GET', '/healthz', null],
  ];

  it.each(NAMES)('%j is 400 invalid_request naming it, on every endpoint; nothing changes', async (name) => {
    const before = await (await server.req('GET', '/v1/keys?limit=500')).text();
    for (const [method, path, token, json] of endpoints()) {
      const res = await server.req(method, `${path}?${encodeURIComponent(name)}=1`, { token, json });
      const error = await expectError(res, 400, 'invalid_request');
      expect(error.field).toBe(name);
      expect(error.message).toContain('Unknown query parameter');
    }
    // DELETE last: if it were ignored, the key would be gone.
    await expectError(await server.req('DELETE', `/v1/keys/${keyId}?${encodeURIComponent(name)}=1`), 400, 'invalid_request');
    expect(await (await server.req('GET', '/v1/keys?limit=500')).text()).toBe(before);
  });

  it('known parameters still work, and a repeated one is still refused', async () => {
    expect((await server.req('GET', '/v1/keys?limit=1&sort=name&order=asc')).status).toBe(200);
    const error = await expectError(await server.req('GET', '/v1/keys?limit=1&limit=2'), 400, 'invalid_request');
    expect(error.field).toBe('limit');
  });

  it('the first unknown parameter in the URL is the one named', async () => {
    const error = await expectError(await server.req('GET', '/v1/keys?limit=1&zeta=1&alpha=2'), 400, 'invalid_request');
    expect(error.field).toBe('zeta');
  });
});

describe('precedence', () => {
  it('authentication before query: no credential and an unknown parameter is 401', async () => {
    await expectError(await server.req('GET', '/v1/keys?__proto__=1', { token: null }), 401, 'unauthorized');
    await expectError(await server.req('GET', '/v1/whoami?__proto__=1', { token: null }), 401, 'key_invalid');
  });

  it('query before the key id: a malformed id with an unknown parameter is 400', async () => {
    await expectError(await server.req('GET', '/v1/keys/nope?x=1'), 400, 'invalid_request');
  });

  it('query before the body: an unknown parameter with a bad body is 400 naming the parameter', async () => {
    const error = await expectError(
      await server.req('POST', '/v1/keys?x=1', { raw: 'not json', headers: { 'content-type': 'text/plain' } }),
      400,
      'invalid_request',
    );
    expect(error.field).toBe('x');
  });
});
