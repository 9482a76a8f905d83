// Issue 16's gaps, each settled in the contract and held here against the
// reference server: where two honest implementations of docs/api.md used to
// part ways, the document now says one thing and the server does it.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyName, NAME_MAX } from '../../lib/shared/contract/schemas';
import { expectError, startTestServer, type TestServer } from './helpers';

/** Sends raw bytes and returns the whole answer (the server closes after it). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ rateLimit: { maxFailures: 50, maxFailuresPerCredential: 3 } });
});
afterAll(() => server.dispose());

const json = (body: string, headers: Record<string, string> = {}) => ({ raw: body, headers: { 'content-type': 'application/json', ...headers } });

describe('paths are exact', () => {
  it('a percent-encoded unreserved character is that character (RFC 3986); any other escape is 404', async () => {
    const { key } = await server.createKey('percent');
    expect((await server.req('GET', `/v1/keys/${key.id.replace('key_', 'key%5F')}`)).status).toBe(200);
    expect((await server.req('GET', `/v1/keys/${key.id.replace('k', '%6b')}`)).status).toBe(200);
    expect((await server.req('GET', '/v1/%6Beys')).status).toBe(200);
    await expectError(await server.req('GET', `/v1/keys/${key.id}%2Freplace`), 404, 'not_found');
    await expectError(
      await server.req('POST', `/v1/keys/${key.id}%2Freplace`, { json: { name: 'x', expiresAt: null, graceSeconds: 0 } }),
      404,
      'not_found',
    );
    await expectError(await server.req('GET', `/v1/keys/${key.id}%20`), 404, 'not_found');
    await expectError(await server.req('GET', '/v1/keys/key_%C3%A9'), 404, 'not_found');
    await expectError(await server.req('GET', '/healthz%'), 404, 'not_found');
  });
});

describe('methods', () => {
  it('a method HTTP parsers do not know is 405 with Allow on a known path, 404 elsewhere, in the envelope', async () => {
    const host = new URL(server.url).host;
    const known = await rawRequest(server.url, `FOO /v1/keys HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(known).toMatch(/^HTTP\/1\.1 405 /);
    expect(known).toMatch(/\r\nallow: GET, HEAD, POST\r\n/i);
    expect(known).toContain('"code":"method_not_allowed"');
    const unknown = await rawRequest(server.url, `FOO /nowhere HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(unknown).toMatch(/^HTTP\/1\.1 404 /);
    const otherHost = await rawRequest(server.url, 'FOO /v1/keys HTTP/1.1\r\nHost: evil.example\r\n\r\n');
    expect(otherHost).toMatch(/^HTTP\/1\.1 400 /);
    expect(otherHost).toContain('"field":"Host"');
  });

  it('no CORS: a preflight is 405 and no answer carries Access-Control headers', async () => {
    const res = await server.req('OPTIONS', '/v1/keys', {
      token: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    await expectError(res, 405, 'method_not_allowed');
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('bodies', () => {
  it('a UTF-8 byte order mark before the JSON is 400 invalid_json', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"name":"bom","expiresAt":null}')]);
    await expectError(await server.req('POST', '/v1/keys', { raw: bom, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });

  it.each(['3600.0', '1e3', '36e2', '3600.5', '-0.0'])('graceSeconds %s (not an integer literal) is 400 naming graceSeconds', async (literal) => {
    const { key } = await server.createKey('grace literal');
    const res = await server.req('POST', `/v1/keys/${key.id}/replace`, json(`{"name":"n","expiresAt":null,"graceSeconds":${literal}}`));
    expect((await expectError(res, 400, 'invalid_request')).field).toBe('graceSeconds');
  });

  it('graceSeconds written as an integer is accepted, and a string member holding "1.5" is not mistaken for a number', async () => {
    const { key } = await server.createKey('grace ok');
    const res = await server.req('POST', `/v1/keys/${key.id}/replace`, json('{"name":"1.5e3 \\" 2.0","expiresAt":null,"graceSeconds":3600}'));
    expect(res.status).toBe(201);
  });

  it('unknown members are named before the known ones, which follow the schema order', async () => {
    const a = await server.req('POST', '/v1/keys', json('{"name":"","zzz":1,"expiresAt":"bad"}'));
    expect((await expectError(a, 400, 'invalid_request')).field).toBe('zzz');
    const b = await server.req('POST', '/v1/keys', json('{"expiresAt":"bad","name":""}'));
    expect((await expectError(b, 400, 'invalid_request')).field).toBe('name');
  });
});

describe('names count Unicode code points', () => {
  const emoji = '😀';
  it(`${NAME_MAX} emoji (${NAME_MAX * 2} UTF-16 units) are a valid name; ${NAME_MAX + 1} are not`, async () => {
    const ok = await server.req('POST', '/v1/keys', { json: { name: emoji.repeat(NAME_MAX), expiresAt: null } });
    expect(ok.status).toBe(201);
    const tooLong = await server.req('POST', '/v1/keys', { json: { name: emoji.repeat(NAME_MAX + 1), expiresAt: null } });
    expect((await expectError(tooLong, 400, 'invalid_request')).message).toMatch(/code points/);
  });

  it('trimming (ECMAScript trim) comes before the control-character rule; NEL is not trimmed, so it is refused', () => {
    expect(KeyName.safeParse('\t\u3000name\n\uFEFF').data).toBe('name');
    expect(KeyName.safeParse('name\u0085').success).toBe(false);
    expect(KeyName.safeParse('na\tme').success).toBe(false);
  });
});

describe('Idempotency-Key', () => {
  it('is refused (400 naming it) by every operation that does not take it, after the key id check', async () => {
    const { key } = await server.createKey('idem elsewhere');
    const idem = { 'idempotency-key': 'retry-1234567' };
    for (const [method, p] of [
      ['GET', '/v1/keys'],
      ['GET', `/v1/keys/${key.id}`],
      ['DELETE', `/v1/keys/${key.id}`],
      ['GET', '/v1/audit'],
    ] as const) {
      expect((await expectError(await server.req(method, p, { headers: idem }), 400, 'invalid_request')).field, `${method} ${p}`).toBe(
        'Idempotency-Key',
      );
    }
    const patch = await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'x' }, headers: idem });
    expect((await expectError(patch, 400, 'invalid_request')).field).toBe('Idempotency-Key');
    await expectError(await server.req('GET', '/v1/keys/not-a-key', { headers: idem }), 404, 'not_found');
    expect((await expectError(await server.req('GET', '/v1/keys?limit=0', { headers: idem }), 400, 'invalid_request')).field).toBe('limit');
    expect((await server.req('GET', `/v1/keys/${key.id}`)).status).toBe(200);
  });

  it('a replace retried after the old key was deleted is 409; the replay 200 carries Location; 201 never says alreadyIssued', async () => {
    const { key: old } = await server.createKey('replace retry');
    const headers = { 'idempotency-key': `replace-${old.id}` };
    const first = await server.req('POST', `/v1/keys/${old.id}/replace`, { json: { name: 'new', expiresAt: null, graceSeconds: 60 }, headers });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { key: { id: string }; alreadyIssued?: boolean };
    expect(created.alreadyIssued).toBeUndefined();
    const replay = await server.req('POST', `/v1/keys/${old.id}/replace`, { json: { name: 'new', expiresAt: null, graceSeconds: 60 }, headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('location')).toBe(`/v1/keys/${created.key.id}`);
    expect((await server.req('DELETE', `/v1/keys/${old.id}`)).status).toBe(204);
    const afterDelete = await server.req('POST', `/v1/keys/${old.id}/replace`, { json: { name: 'new', expiresAt: null, graceSeconds: 60 }, headers });
    await expectError(afterDelete, 409, 'idempotency_conflict');
  });
});

describe('rate limiting counts only presented credentials that fail', () => {
  it('Basic, an empty header and a bare Bearer are "no credential": 401, never 429', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', '', 'Bearer', 'Bearer   ']) {
      for (let i = 0; i < 5; i++) {
        await expectError(await server.req('GET', '/v1/keys', { token: null, headers: { authorization } }), 401, 'unauthorized');
      }
    }
  });

  it('the scheme is case-insensitive and a wrong token fails, then is refused with Retry-After', async () => {
    const wrong = 'bEaReR \t wrong-token-for-the-rate-limit-check-0001 ';
    for (let i = 0; i < 3; i++)
      await expectError(await server.req('GET', '/v1/keys', { token: null, headers: { authorization: wrong } }), 401, 'unauthorized');
    const limited = await server.req('GET', '/v1/keys', { token: null, headers: { authorization: wrong } });
    await expectError(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    // Same token, other spelling of the scheme and separators: the same credential.
    await expectError(
      await server.req('GET', '/v1/keys', { token: null, headers: { authorization: 'BEARER wrong-token-for-the-rate-limit-check-0001' } }),
      429,
      'rate_limited',
    );
  });
});
