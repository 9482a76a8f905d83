// GET /v1/auth/me: the person behind the admin credential and their role,
// read fresh on every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminIdentity } from '../../../lib/shared/contract/auth';
import { openDb } from '../../../server/db';
import { expectError, startTestServer, type TestServer } from '../helpers';
import { addAdmin, revokeAdmin } from '../support/admins';
import { addSsoAdmin } from '../auth-support';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from '../oidc-test-issuer';
import { describeRouteSecurity } from '../support/security';

async function me(server: TestServer, token?: string): Promise<AdminIdentity> {
  const res = await server.req('GET', '/v1/auth/me', token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return AdminIdentity.parse(await res.json());
}

describe('GET /v1/auth/me', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('names the bootstrap owner', async () => {
      expect(await me(server)).toEqual({ id: 1, name: 'Bootstrap admin', email: null, role: 'owner', method: 'token' });
    });

    it('names a personal token holder with their email and role, viewers included', async () => {
      const alice = addAdmin(server, 'admin', 'Alice', 'alice@example.com');
      const vic = addAdmin(server, 'viewer', 'Vic');
      expect(await me(server, alice.token)).toEqual({ id: alice.id, name: 'Alice', email: 'alice@example.com', role: 'admin', method: 'token' });
      expect(await me(server, vic.token)).toEqual({ id: vic.id, name: 'Vic', email: null, role: 'viewer', method: 'token' });
    });

    it('a role change shows on the next request, a revocation refuses it', async () => {
      const bob = addAdmin(server, 'admin', 'Bob');
      expect((await me(server, bob.token)).role).toBe('admin');
      // No CLI command changes a role yet: an operator would update the row.
      const db = openDb(server.dbPath);
      db.prepare('UPDATE admins SET role = ? WHERE id = ?').run('viewer', bob.id);
      db.close();
      expect((await me(server, bob.token)).role).toBe('viewer');
      revokeAdmin(server, bob.id);
      await expectError(await server.req('GET', '/v1/auth/me', { token: bob.token }), 401, 'unauthorized');
    });
  });

  describe('security', () => {
    describeRouteSecurity({ auth: 'admin', okStatus: 200, request: () => Promise.resolve({ method: 'GET', path: '/v1/auth/me' }) });
  });
});

describe('GET /v1/auth/me with SSO', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    server = await startTestServer({ oidc: { issuer: issuer.issuer, clientId: CLIENT_ID } });
  });
  afterAll(async () => {
    await server.dispose();
    await issuer.close();
  });

  it('says the request authenticated with sso, and who the access token names', async () => {
    const id = addSsoAdmin(server, 'sam@example.com', 'admin');
    const token = await issuer.sign({ email: 'sam@example.com', name: 'Sam S.' });
    expect(await me(server, token)).toMatchObject({ id, email: 'sam@example.com', role: 'admin', method: 'sso' });
  });
});
