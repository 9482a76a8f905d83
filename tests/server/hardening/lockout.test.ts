// Issue 11 item 3: failed authentication by others can no longer lock the
// real admin out, and a blocked guesser still learns nothing.
// All requests come from 127.0.0.1, i.e. everyone shares one address, the
// worst case (loopback, or every client behind one proxy).
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSecret } from '../../../lib/shared/contract/secret';
import { sha256Hex } from '../../../server/keys';
import { ManualClock, expectError, startTestServer, type TestServer } from '../helpers';

const wrong = () => `wrong-admin-token-${randomBytes(12).toString('hex')}`;

let clock: ManualClock;
let server: TestServer;
beforeEach(async () => {
  clock = new ManualClock();
  // The shipped defaults: 50 distinct failures per address, 10 per credential, per 60 s.
  server = await startTestServer({ clock: clock.read });
});
afterEach(async () => {
  await server.dispose();
});

describe('a misbehaving service cannot lock out administration', () => {
  it('a revoked key hammering /v1/whoami: the admin and other keys keep working', async () => {
    const revoked = await server.createKey('rotated out');
    const other = await server.createKey('still in use');
    expect((await server.req('DELETE', `/v1/keys/${revoked.key.id}`)).status).toBe(204);
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) statuses.add((await server.req('GET', '/v1/whoami', { token: revoked.secret })).status);
    // The service is told to back off (401 at first, then 429 for that key) ...
    expect([...statuses].sort()).toEqual([401, 429]);
    // ... and nobody else is affected.
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
    expect((await server.req('GET', '/v1/whoami', { token: other.secret })).status).toBe(200);
  });

  it('an admin token that has never been used since start is not blocked by whoami failures either', async () => {
    for (let i = 0; i < 120; i++) await server.req('GET', '/v1/whoami', { token: generateSecret() });
    const fresh = 'second-admin-token-0123456789abcdefghij';
    const store = await server.openStore();
    await store.addAdminTokenHash(sha256Hex(fresh), 'env', clock.now);
    await store.close();
    expect((await server.req('GET', '/v1/keys', { token: fresh })).status).toBe(200);
  });
});

describe('wrong admin tokens from others', () => {
  it('100 distinct wrong tokens from the same address do not lock out the admin token in use', async () => {
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
    for (let i = 0; i < 100; i++) await server.req('GET', '/v1/keys', { token: wrong() });
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
    expect((await server.req('POST', '/v1/keys', { json: { name: 'still admin', expiresAt: null } })).status).toBe(201);
  });

  it('one wrong token retried is refused on its own; other wrong tokens still get 401', async () => {
    const stuck = wrong();
    for (let i = 0; i < 10; i++) await expectError(await server.req('GET', '/v1/keys', { token: stuck }), 401, 'unauthorized');
    const res = await server.req('GET', '/v1/keys', { token: stuck });
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(await server.req('GET', '/v1/keys', { token: wrong() }), 401, 'unauthorized');
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
  });
});

describe('a guesser gains nothing', () => {
  it('past the address budget every untried credential gets 429 without a lookup, even a valid one', async () => {
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
    for (let i = 0; i < 50; i++) await expectError(await server.req('GET', '/v1/keys', { token: wrong() }), 401, 'unauthorized');
    const blocked = await server.req('GET', '/v1/keys', { token: wrong() });
    await expectError(blocked, 429, 'rate_limited');
    expect(blocked.headers.get('retry-after')).toBe('60');
    // A correct token that never authenticated from here is indistinguishable from a wrong guess.
    const unused = 'another-admin-token-0123456789abcdefghij';
    const store = await server.openStore();
    await store.addAdminTokenHash(sha256Hex(unused), 'env', clock.now);
    await store.close();
    await expectError(await server.req('GET', '/v1/keys', { token: unused }), 429, 'rate_limited');
    // The admin who was working from here keeps working.
    expect((await server.req('GET', '/v1/keys')).status).toBe(200);
    // Admin guessing does not spend the key-check budget.
    const key = await server.createKey('k');
    expect((await server.req('GET', '/v1/whoami', { token: key.secret })).status).toBe(200);
    await expectError(await server.req('GET', '/v1/whoami', { token: generateSecret() }), 401, 'key_invalid');
    // After the window, the unused token works.
    clock.advance(60_000);
    expect((await server.req('GET', '/v1/keys', { token: unused })).status).toBe(200);
  });
});
