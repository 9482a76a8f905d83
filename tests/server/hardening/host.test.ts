// Issue 11 item 6: DNS rebinding. A page on evil.example whose name resolves
// to 127.0.0.1 reaches the server with `Host: evil.example`; only the names
// the server is configured for are answered.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../../lib/shared/contract/schemas';
import { listAll, startTestServer, type TestServer } from '../helpers';

function raw(server: TestServer, method: string, path: string, host: string | null, body?: string): Promise<{ status: number; text: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${server.adminToken}` };
    if (host !== null) headers.host = host;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port: Number(port), method, path, headers, setHost: host !== null }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let server: TestServer;
let port: string;
beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://keys.example.com' });
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server.dispose();
});

describe('Host header allow-list', () => {
  it('loopback names with the listening port, and the public URL host, are answered', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`, 'keys.example.com', 'keys.example.com:443']) {
      expect((await raw(server, 'GET', '/v1/keys', host)).status, host).toBe(200);
    }
  });

  // PORT is the listening port, OTHER another one (filled in once the server runs).
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1', '127.0.0.1:OTHER', 'localhost.:PORT', '127.0.0.1.nip.io:PORT', 'keys.example.com:8443'])(
    'Host %s is 400 with the envelope, and nothing is done',
    async (template) => {
      const host = template.replace('PORT', port).replace('OTHER', String(Number(port) + 1));
      const before = await listAll(server);
      for (const [method, path, body] of [
        ['GET', '/v1/keys', undefined],
        ['POST', '/v1/keys', JSON.stringify({ name: 'rebound', expiresAt: null })],
        ['GET', '/healthz', undefined],
        ['GET', '/nope', undefined],
      ] as const) {
        const res = await raw(server, method, path, host, body);
        expect(res.status).toBe(400);
        const error = ApiErrorBody.parse(JSON.parse(res.text)).error;
        expect(error).toMatchObject({ code: 'invalid_request', field: 'Host' });
        expect(error.message).toMatch(/--public-url/);
      }
      expect(await listAll(server)).toEqual(before);
    },
  );

  it('a request without a Host header is refused', async () => {
    const res = await raw(server, 'GET', '/v1/keys', null);
    expect(res.status).toBe(400);
  });
});
