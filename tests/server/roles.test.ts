// Roles: every admin route × viewer / admin / owner / revoked, judged by the
// role written in the route table (server/routes/route.ts). A refused write
// is 403 forbidden naming the role, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db';
import { PERSONAL_ADMIN_BY_TOKEN_HASH_SQL } from '../../server/store';
import { expectError, listAll, onPostgres, routeTable, startTestServer, type TestServer } from './helpers';
import { addAdmin, revokeAdmin, type TestAdmin } from './support/admins';
import { ROLE_CASES as CASES } from './support/role-cases';

describe('roles', () => {
  let server: TestServer;
  let viewer: TestAdmin;
  let admin: TestAdmin;
  let revoked: TestAdmin;
  beforeAll(async () => {
    server = await startTestServer();
    viewer = await addAdmin(server, 'viewer', 'Vera Viewer');
    admin = await addAdmin(server, 'admin', 'Alice Admin', 'alice@example.com');
    revoked = await addAdmin(server, 'admin', 'Rex Revoked');
    await revokeAdmin(server, revoked.id);
  });
  afterAll(() => server.dispose());

  it('the matrix covers every admin route of the route table, with the role the table says', () => {
    const admins = routeTable().filter((r) => r.auth !== null && r.auth !== 'key');
    expect(admins.map((r) => `${r.method} ${r.path}`).sort()).toEqual(CASES.map((c) => c.route).sort());
    for (const r of admins) expect(r.auth).toMatchObject({ role: CASES.find((c) => c.route === `${r.method} ${r.path}`)?.role });
  });

  for (const c of CASES) {
    describe(c.route, () => {
      it('owner (the bootstrap admin token) may', async () => {
        const r = await c.request(server);
        expect((await server.req(r.method, r.path, { json: r.json })).status).toBe(c.ok);
      });

      it('admin (personal token) may', async () => {
        const r = await c.request(server);
        expect((await server.req(r.method, r.path, { json: r.json, token: admin.token })).status).toBe(c.ok);
      });

      it(c.role === 'viewer' ? 'viewer may' : 'viewer is refused with 403 forbidden naming the role, and nothing changes', async () => {
        const r = await c.request(server);
        const before = await listAll(server);
        const res = await server.req(r.method, r.path, { json: r.json, token: viewer.token });
        if (c.role === 'viewer') {
          expect(res.status).toBe(c.ok);
          return;
        }
        const error = await expectError(res, 403, 'forbidden');
        expect(error.message).toBe(c.refusal);
        expect(await listAll(server)).toEqual(before);
      });

      it('a revoked token is 401 unauthorized, and nothing changes', async () => {
        const r = await c.request(server);
        const before = await listAll(server);
        await expectError(await server.req(r.method, r.path, { json: r.json, token: revoked.token }), 401, 'unauthorized');
        expect(await listAll(server)).toEqual(before);
      });
    });
  }

  it('a key made with a personal token names its creator; the bootstrap token is "Bootstrap admin"', async () => {
    const mine = await server.req('POST', '/v1/keys', { json: { name: 'alice made this', expiresAt: null }, token: admin.token });
    expect(((await mine.json()) as { key: { createdBy: unknown } }).key.createdBy).toEqual({ id: admin.id, name: 'Alice Admin' });
    const boot = await server.createKey('bootstrap made this');
    expect(boot.key.createdBy).toEqual({ id: 1, name: 'Bootstrap admin' });
    const listed = await listAll(server);
    expect(listed.find((k) => k.name === 'alice made this')?.createdBy).toEqual({ id: admin.id, name: 'Alice Admin' });
  });

  it.skipIf(onPostgres)('the personal token lookup, run on every request, is one unique-index search', () => {
    const db = openDb(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${PERSONAL_ADMIN_BY_TOKEN_HASH_SQL}`).all('x') as { detail: string }[]).map((r) => r.detail);
    db.close();
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatch(/^SEARCH admins USING INDEX sqlite_autoindex_admins_\d \(token_hash=\?\)$/);
  });

  it('a role is judged on every request: revoking between two requests refuses the second', async () => {
    const late = await addAdmin(server, 'admin', 'Late Larry');
    expect((await server.req('GET', '/v1/keys', { token: late.token })).status).toBe(200);
    await revokeAdmin(server, late.id);
    await expectError(await server.req('GET', '/v1/keys', { token: late.token }), 401, 'unauthorized');
  });
});
