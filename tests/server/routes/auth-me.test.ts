// GET /v1/auth/me: the person behind the admin credential and their role,
// read fresh on every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminIdentity } from '../../../lib/shared/contract/auth';
import { openDb } from '../../../server/db';
import { expectError, startTestServer, type TestServer } from '../helpers';
import { addAdmin, revokeAdmin } from '../support/admins';
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
