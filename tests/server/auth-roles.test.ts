// Role matrix for SSO: every admin route × an SSO viewer, an SSO admin, a
// signed-in person who is not an admin, and a personal token, with the role
// from the admins table (default) and from a token claim (--oidc-role-claim).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../lib/shared/contract/audit';
import { expectError, listAll, routeTable, startTestServer, type TestServer } from './helpers';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from './oidc-test-issuer';
import { addAdmin, addSsoAdmin, revokeAdmin } from './support/admins';
import { ROLE_CASES as CASES } from './support/role-cases';

type Who = { label: string; token: () => Promise<string>; expect: 'role' | 'not_an_admin'; role?: 'viewer' | 'admin'; email?: string };

function matrix(server: () => TestServer, people: () => Who[]): void {
  for (const c of CASES) {
    describe(c.route, () => {
      it('each person gets what their role allows; a refusal changes nothing', async () => {
        for (const who of people()) {
          const s = server();
          const r = await c.request(s);
          const before = await listAll(s);
          const res = await s.req(r.method, r.path, { json: r.json, token: await who.token() });
          if (who.expect === 'not_an_admin') {
            const error = await expectError(res, 403, 'not_an_admin');
            expect(error.message, who.label).toBe(`Signed in as ${who.email}, who is not an admin of this key API.`);
            expect(await listAll(s)).toEqual(before);
          } else if (who.role === 'viewer' && c.role === 'admin') {
            expect((await expectError(res, 403, 'forbidden')).message, who.label).toBe(c.refusal);
            expect(await listAll(s)).toEqual(before);
          } else {
            expect(res.status, `${who.label}: ${await res.clone().text()}`).toBe(c.ok);
          }
        }
      });
    });
  }
}

describe('SSO role matrix, roles from the admins table', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  let personal: string;
  let viewerId: number;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    server = await startTestServer({ oidc: { issuer: issuer.issuer, clientId: CLIENT_ID } });
    viewerId = await addSsoAdmin(server, 'vera@example.com', 'viewer', 'Vera Viewer');
    await addSsoAdmin(server, 'alice@example.com', 'admin');
    personal = (await addAdmin(server, 'admin', 'Tom Token', 'tom@example.com')).token;
  });
  afterAll(async () => {
    await server.dispose();
    await issuer.close();
  });

  it('the matrix covers every admin route of the route table, with the role the table says', () => {
    const admins = routeTable().filter((r) => r.auth !== null && r.auth !== 'key');
    expect(admins.map((r) => `${r.method} ${r.path}`).sort()).toEqual(CASES.map((c) => c.route).sort());
    for (const r of admins) expect(r.auth).toMatchObject({ role: CASES.find((c) => c.route === `${r.method} ${r.path}`)?.role });
  });

  matrix(
    () => server,
    () => [
      { label: 'SSO viewer', token: () => issuer.sign({ email: 'vera@example.com', name: 'Vera V.' }), expect: 'role', role: 'viewer' },
      { label: 'SSO admin', token: () => issuer.sign({ email: 'ALICE@example.com' }), expect: 'role', role: 'admin' },
      {
        label: 'unknown SSO person',
        token: () => issuer.sign({ email: 'mallory@example.com' }),
        expect: 'not_an_admin',
        email: 'mallory@example.com',
      },
      { label: 'personal token', token: async () => personal, expect: 'role', role: 'admin' },
      // A personal token's person signing in with SSO: the same row, the same role.
      { label: 'SSO as the token person', token: () => issuer.sign({ email: 'tom@example.com' }), expect: 'role', role: 'admin' },
    ],
  );

  it('a revoked SSO person is refused on the next request, naming who they are', async () => {
    const id = await addSsoAdmin(server, 'leaving@example.com', 'admin');
    const token = await issuer.sign({ email: 'leaving@example.com' });
    expect((await server.req('GET', '/v1/keys', { token })).status).toBe(200);
    await revokeAdmin(server, id);
    const error = await expectError(await server.req('GET', '/v1/keys', { token }), 403, 'not_an_admin');
    expect(error.message).toBe('Signed in as leaving@example.com, who is not an admin of this key API (their access was revoked).');
  });

  it('an email the provider marks unverified (email_verified: false) is not matched to anyone', async () => {
    const token = await issuer.sign({ email: 'alice@example.com', email_verified: false });
    const error = await expectError(await server.req('GET', '/v1/keys', { token }), 403, 'not_an_admin');
    expect(error.message).toBe('Signed in as alice@example.com, who is not an admin of this key API (the provider has not verified this email).');
    expect((await server.req('GET', '/v1/keys', { token: await issuer.sign({ email: 'alice@example.com', email_verified: true }) })).status).toBe(
      200,
    );
  });

  it('audit actors: the SSO person by their admins id, with method sso and the name from the token', async () => {
    const res = await server.req('POST', '/v1/keys', {
      json: { name: 'by vera', expiresAt: null },
      token: await issuer.sign({ email: 'vera@example.com', name: 'Vera V.' }),
    });
    await expectError(res, 403, 'forbidden');
    const alice = await issuer.sign({ email: 'alice@example.com', name: 'Alice Admin' });
    const made = await server.req('POST', '/v1/keys', { json: { name: 'by alice sso', expiresAt: null }, token: alice });
    expect(made.status).toBe(201);
    const created = ((await made.json()) as { key: { createdBy: { id: number; name: string } } }).key.createdBy;
    expect(created.name).toBe('Alice Admin');
    const events = AuditListResponse.parse(await (await server.req('GET', `/v1/audit?actorId=${created.id}&action=key.created`)).json()).events;
    expect(events[0]?.actor).toEqual({ id: created.id, name: 'Alice Admin', email: 'alice@example.com', method: 'sso' });
    expect(viewerId).not.toBe(created.id);
  });
});

describe('SSO role matrix, roles from a token claim (--oidc-role-claim roles)', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    server = await startTestServer({ oidc: { issuer: issuer.issuer, clientId: CLIENT_ID, roleClaim: 'roles' } });
  });
  afterAll(async () => {
    await server.dispose();
    await issuer.close();
  });

  matrix(
    () => server,
    () =>
      [
        { label: 'claim viewer', token: () => issuer.sign({ email: 'cv@example.com', roles: 'viewer' }), expect: 'role', role: 'viewer' },
        // The highest role named wins; unknown values are ignored.
        {
          label: 'claim [viewer, admin]',
          token: () => issuer.sign({ email: 'ca@example.com', roles: ['viewer', 'staff', 'admin'] }),
          expect: 'role',
          role: 'admin',
        },
        {
          label: 'no role in the claim',
          token: () => issuer.sign({ email: 'nobody@example.com', roles: ['staff'] }),
          expect: 'role',
          role: undefined,
        },
      ].filter((w) => w.role !== undefined) as Who[],
  );

  it('no viewer/admin/owner in the claim: 403 not_an_admin naming the person and the claim', async () => {
    for (const roles of [undefined, [], ['staff'], 'Admin', 7]) {
      const error = await expectError(
        await server.req('GET', '/v1/keys', { token: await issuer.sign({ email: 'nobody@example.com', roles }) }),
        403,
        'not_an_admin',
      );
      expect(error.message).toBe(
        'Signed in as nobody@example.com, who is not an admin of this key API (no viewer, admin or owner in the "roles" claim).',
      );
    }
  });

  it('the person gets one stable admins row (actor id), and a changed claim is judged on the next request', async () => {
    const admin = await issuer.sign({ email: 'carol@example.com', name: 'Carol', roles: ['admin'] });
    const ids = new Set<number>();
    for (let n = 0; n < 3; n++) {
      const res = await server.req('POST', '/v1/auth/sign-in', { token: admin });
      ids.add(((await res.json()) as { id: number }).id);
    }
    expect(ids.size).toBe(1);
    expect((await server.req('POST', '/v1/keys', { json: { name: 'carol', expiresAt: null }, token: admin })).status).toBe(201);
    const demoted = await issuer.sign({ email: 'carol@example.com', name: 'Carol', roles: ['viewer'] });
    await expectError(await server.req('POST', '/v1/keys', { json: { name: 'carol 2', expiresAt: null }, token: demoted }), 403, 'forbidden');
    const me = (await (await server.req('POST', '/v1/auth/sign-in', { token: demoted })).json()) as { id: number; role: string };
    expect(me).toMatchObject({ id: [...ids][0], role: 'viewer' });
  });

  it("the claim decides for SSO even when the person also holds a personal token, whose role stays the CLI's", async () => {
    const personal = await addAdmin(server, 'admin', 'Pat Both', 'pat@example.com');
    const sso = await issuer.sign({ email: 'pat@example.com', name: 'Pat', roles: 'viewer' });
    await expectError(await server.req('DELETE', `/v1/keys/${(await server.createKey('pat')).key.id}`, { token: sso }), 403, 'forbidden');
    expect((await server.req('DELETE', `/v1/keys/${(await server.createKey('pat')).key.id}`, { token: personal.token })).status).toBe(204);
  });

  it('a nested claim path (Keycloak realm_access.roles) works', async () => {
    const nested = await startTestServer({ oidc: { issuer: issuer.issuer, clientId: CLIENT_ID, roleClaim: 'realm_access.roles' } });
    try {
      const token = await issuer.sign({ email: 'kc@example.com', realm_access: { roles: ['offline_access', 'admin'] } });
      expect((await nested.req('POST', '/v1/keys', { json: { name: 'kc', expiresAt: null }, token })).status).toBe(201);
    } finally {
      await nested.dispose();
    }
  });
});
