// GET /v1/auth/config and POST /v1/auth/sign-in, plus the --oidc-* flags and
// `admins add --sso` as an operator uses them (real CLI processes).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../lib/shared/contract/audit';
import { AdminIdentity, AuthConfig } from '../../lib/shared/contract/auth';
import { runAdmins } from '../../server/admins-cli';
import { expectError, startTestServer, type TestServer } from './helpers';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from './oidc-test-issuer';
import { addSsoAdmin } from './auth-support';

const ROOT = resolve(import.meta.dirname, '../..');

describe('GET /v1/auth/config', () => {
  it('without OIDC: token only, no authentication needed', async () => {
    const server = await startTestServer();
    try {
      const res = await server.req('GET', '/v1/auth/config', { token: null });
      expect(res.status).toBe(200);
      expect(AuthConfig.parse(await res.json())).toEqual({ methods: ['token'] });
    } finally {
      await server.dispose();
    }
  });

  it('with OIDC: sso and token, the issuer, client id and scopes (default and configured)', async () => {
    const a = await startTestServer({ oidc: { issuer: 'https://login.example.com/realms/acme', clientId: 'ext' } });
    const b = await startTestServer({ oidc: { issuer: 'https://idp.example.com', clientId: 'ext2', scopes: ['openid', 'email'] } });
    try {
      expect(AuthConfig.parse(await (await a.req('GET', '/v1/auth/config', { token: null })).json())).toEqual({
        methods: ['sso', 'token'],
        sso: { issuer: 'https://login.example.com/realms/acme', clientId: 'ext', scopes: ['openid', 'email', 'profile', 'offline_access'] },
      });
      expect(AuthConfig.parse(await (await b.req('GET', '/v1/auth/config', { token: null })).json()).sso?.scopes).toEqual(['openid', 'email']);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('POST /v1/auth/sign-in', () => {
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

  it('SSO: answers who they are (name from the token) and records auth.sign_in with method sso', async () => {
    const id = addSsoAdmin(server, 'alice@example.com', 'viewer');
    const res = await server.req('POST', '/v1/auth/sign-in', {
      token: await issuer.sign({ email: 'alice@example.com', name: 'Alice A.' }),
      headers: { 'user-agent': 'workbase-test' },
    });
    expect(res.status).toBe(200);
    expect(AdminIdentity.parse(await res.json())).toEqual({ id, name: 'Alice A.', email: 'alice@example.com', role: 'viewer', method: 'sso' });
    const events = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=auth.sign_in')).json()).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { id, name: 'Alice A.', email: 'alice@example.com', method: 'sso' },
      key: null,
      details: { method: 'sso' },
      userAgent: 'workbase-test',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('token: the bootstrap admin, method token', async () => {
    const res = await server.req('POST', '/v1/auth/sign-in');
    expect(AdminIdentity.parse(await res.json())).toEqual({ id: 1, name: 'Bootstrap admin', email: null, role: 'owner', method: 'token' });
    const events = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=auth.sign_in')).json()).events;
    expect(events[0]).toMatchObject({ actor: { id: 1, method: 'token' }, requestId: res.headers.get('x-request-id') });
  });

  it('an unknown person is not signed in and nothing is recorded as a sign-in', async () => {
    const before = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=auth.sign_in')).json()).events.length;
    await expectError(await server.req('POST', '/v1/auth/sign-in', { token: await issuer.sign({ email: 'eve@example.com' }) }), 403, 'not_an_admin');
    await expectError(await server.req('POST', '/v1/auth/sign-in', { token: 'nope' }), 401, 'unauthorized');
    expect(AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=auth.sign_in')).json()).events).toHaveLength(before);
  });
});

describe('admins add --sso', () => {
  it('adds an SSO-only person without a token; list says so; --sso needs --email', async () => {
    const server = await startTestServer();
    try {
      addSsoAdmin(server, 'sam@example.com', 'admin', 'Sam');
      const out: string[] = [];
      expect(
        runAdmins(
          ['list', '--db', server.dbPath],
          (l) => out.push(l),
          () => undefined,
        ),
      ).toBe(0);
      expect(out.join('\n')).toMatch(/^2\s+Sam\s+sam@example.com\s+admin\s+SSO only\s+active$/m);
      const err: string[] = [];
      expect(
        runAdmins(
          ['add', '--sso', '--role', 'admin', '--db', server.dbPath],
          () => undefined,
          (l) => err.push(l),
        ),
      ).toBe(2);
      expect(err.join('\n')).toContain('--sso needs --email');
      const events = AuditListResponse.parse(await (await server.req('GET', '/v1/audit?action=admin.sso_added')).json()).events;
      expect(events.map((e) => e.details)).toEqual([{ adminId: 2, name: 'Sam', email: 'sam@example.com', role: 'admin' }]);
    } finally {
      await server.dispose();
    }
  });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const k of Object.keys(childEnv)) if (k.startsWith('WORKBASE_OIDC_') && !(k in env)) delete childEnv[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: childEnv });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((done) => {
    child.stdout.on('data', () => {
      if (out.includes('listening on')) child.kill('SIGTERM');
    });
    child.once('exit', (code) => done({ code, out }));
  });
}

describe('--oidc-* flags and WORKBASE_OIDC_* variables', () => {
  it('refuses half a configuration and a non-https remote issuer, with a clear message', { timeout: 30_000 }, async () => {
    const [noClient, plainHttp, noIssuer] = await Promise.all([
      cli(['--db', ':memory:', '--oidc-issuer', 'https://idp.example.com']),
      cli(['--db', ':memory:', '--oidc-issuer', 'http://idp.example.com', '--oidc-client-id', 'x']),
      cli(['--db', ':memory:', '--oidc-audience', 'api']),
    ]);
    expect(noClient).toMatchObject({ code: 2 });
    expect(noClient.out).toContain('--oidc-issuer needs --oidc-client-id');
    expect(plainHttp).toMatchObject({ code: 2 });
    expect(plainHttp.out).toContain('--oidc-issuer must be https');
    expect(noIssuer.out).toContain('--oidc-audience needs --oidc-issuer and --oidc-client-id');
  });

  it('the environment configures SSO; GET /v1/auth/config shows it', { timeout: 30_000 }, async () => {
    const env = { WORKBASE_OIDC_ISSUER: 'https://idp.example.com/tenant', WORKBASE_OIDC_CLIENT_ID: 'from-env', WORKBASE_OIDC_SCOPES: 'openid email' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '0', '--db', ':memory:'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) done(m[1]!);
      });
      child.once('exit', () => fail(new Error(out)));
    });
    try {
      expect(out).toContain('SSO: access tokens from https://idp.example.com/tenant for from-env are accepted.');
      expect(AuthConfig.parse(await (await fetch(`${url}/v1/auth/config`)).json())).toEqual({
        methods: ['sso', 'token'],
        sso: { issuer: 'https://idp.example.com/tenant', clientId: 'from-env', scopes: ['openid', 'email'] },
      });
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
