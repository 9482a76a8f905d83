// Issue 11 item 8: no credential the server knows reaches the request log,
// whatever its shape, even when a client puts it in the URL path.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.dispose();
});

function paths(token: string): string[] {
  return [
    `/v1/keys/${encodeURIComponent(token)}`,
    `/${encodeURIComponent(token)}`,
    `/v1/keys/${encodeURIComponent(token)}/replace`,
    `/x/${encodeURIComponent(`${token}${token}`)}`,
    `/v1/keys/prefix-${encodeURIComponent(token)}-suffix`,
  ];
}

describe('request log', () => {
  it('an operator-chosen admin token without the wbadm_ prefix is redacted by value', async () => {
    const token = 'Operator Chosen Token/with-slash+plus ä 0123456789';
    const server = await startTestServer({ adminToken: token });
    servers.push(server);
    for (const path of paths(token)) await server.req('GET', path, { token: null });
    for (const path of paths(token)) await server.req('DELETE', path);
    const log = server.logs.join('\n');
    expect(server.logs.length).toBe(10);
    expect(log).not.toContain(token);
    expect(log).not.toContain(encodeURIComponent(token));
    expect(log).not.toContain('0123456789');
    expect(log).toContain('[redacted]');
  });

  it('an admin token from an earlier start (known here only by its hash) is redacted too', async () => {
    const first = 'first-operator-token-abcdefghijklmnopqrstuvwxyz';
    const a = await startTestServer({ adminToken: first });
    await a.close();
    const b = await startTestServer({ dbPath: a.dbPath, adminToken: 'second-operator-token-abcdefghijklmnopqrstuvwxyz' });
    servers.push(a, b);
    await b.req('GET', `/v1/keys/${first}`, { token: null });
    await b.req('GET', `/${first}`, { token: first });
    expect(b.logs.join('\n')).not.toContain(first);
  });

  it('ordinary paths are logged as they are', async () => {
    const server = await startTestServer();
    servers.push(server);
    await server.req('GET', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(server.logs.at(-1)).toMatch(/^GET \/v1\/keys\/key_aaaaaaaaaaaaaaaaaaaaaaaa 404 \d+ms$/);
  });
});
