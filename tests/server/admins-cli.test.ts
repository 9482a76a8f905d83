// `npm run server -- admins add|list|revoke` as an operator runs it: a child
// process on the database file of a server that is running, in-process here.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../lib/shared/contract/audit';
import { expectError, startTestServer, type TestServer } from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');

function admins(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.WORKBASE_ADMIN_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'admins', ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

describe('admins CLI against a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  it('add prints the token alone on its own line; it works at once; list never shows it; revoke refuses it on the next request', async () => {
    const added = await admins(['add', '--name', 'Alice', '--email', 'alice@example.com', '--role', 'admin', '--db', server.dbPath]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^wbadm_[A-Za-z0-9_-]{32}\n$/);
    const token = added.stdout.trim();
    expect(added.stderr).toMatch(/^Added admin 2: Alice <alice@example.com>, role admin\./);

    const created = await server.req('POST', '/v1/keys', { json: { name: 'by alice', expiresAt: null }, token });
    expect(created.status).toBe(201);

    const listed = await admins(['list', '--db', server.dbPath]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^1\s+Bootstrap admin\s+-\s+owner\s+bootstrap token .*active$/m);
    expect(listed.stdout).toMatch(/^2\s+Alice\s+alice@example.com\s+admin\s+personal token\s+active$/m);
    expect(listed.stdout + listed.stderr).not.toContain(token);
    expect(listed.stdout + listed.stderr).not.toContain(server.adminToken);
    expect(listed.stdout).not.toMatch(/wbadm_|[0-9a-f]{64}/);

    const revoked = await admins(['revoke', '2', '--db', server.dbPath]);
    expect(revoked.code, revoked.stderr).toBe(0);
    await expectError(await server.req('GET', '/v1/keys', { token }), 401, 'unauthorized');
    expect((await admins(['list', '--db', server.dbPath])).stdout).toMatch(/^2\s+Alice.*revoked \d{4}-/m);

    // Both changes are in the audit log, by the command line, without the token.
    const audit = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=admin.token_revoked')).json());
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0]).toMatchObject({ actor: { id: null, method: 'cli' }, details: { adminId: 2, name: 'Alice' } });
    const all = JSON.stringify(await (await server.req('GET', '/v1/audit')).json());
    expect(all).toContain('admin.token_created');
    expect(all).not.toContain(token);
  });

  it('works while the server is busy writing: both sides finish, nothing is lost', async () => {
    let stop = false;
    let made = 0;
    const writer = (async () => {
      while (!stop) {
        const res = await server.req('POST', '/v1/keys', { json: { name: `busy ${made}`, expiresAt: null } });
        expect(res.status).toBe(201);
        made++;
      }
    })();
    const runs = await Promise.all([
      admins(['add', '--name', 'Busy One', '--role', 'viewer', '--db', server.dbPath]),
      admins(['add', '--name', 'Busy Two', '--role', 'viewer', '--db', server.dbPath]),
    ]);
    stop = true;
    await writer;
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(made).toBeGreaterThan(0);
    const created = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=key.created&limit=500')).json());
    expect(created.events.filter((e) => e.key?.name.startsWith('busy ')).length).toBe(made);
    for (const run of runs) expect((await server.req('GET', '/v1/keys', { token: run.stdout.trim() })).status).toBe(200);
  });

  it('refuses bad input with exit 2 and a reason, changing nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['add', '--name', 'No Role'], /--role must be viewer or admin/],
      [['add', '--name', 'Owner', '--role', 'owner'], /owner is the bootstrap admin only/],
      [['add', '--role', 'admin'], /--name is required/],
      [['add', '--name', 'X', '--email', 'not-an-email', '--role', 'viewer'], /is not an email address/],
      [['add', '--name', 'Dup', '--email', 'ALICE@example.com', '--role', 'viewer'], /already exists/],
      [['revoke', '1'], /bootstrap admin/],
      [['revoke', '99'], /No active admin with id 99/],
      [['revoke', 'abc'], /needs an admin id/],
      [['frobnicate'], /Usage:/],
      [['list', '--token', 'x'], /Unknown option/],
    ];
    for (const [args, reason] of cases) {
      const run = await admins([...args, '--db', server.dbPath]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(reason);
      expect(run.stdout, args.join(' ')).toBe('');
    }
    expect((await admins(['list', '--db', server.dbPath])).stdout.trim().split('\n')).toHaveLength(5);
  });
});
