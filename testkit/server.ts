// Starts the real reference key API (the same CLI an admin runs) on a free
// loopback port with a fresh SQLite file, for one test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface RunningServer {
  url: string;
  adminToken: string;
  /** Another implementation (WORKBASE_E2E_API_URL): no database directory, no output to search. */
  external: boolean;
  dbDir: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Admin call helper for assertions made outside the extension. */
  api: (method: string, route: string, body?: unknown, token?: string) => Promise<{ status: number; json: unknown }>;
}

/** Every test admin token starts with this, so logs can be searched for any of them. */
export const TEST_TOKEN_PREFIX = 'test-admin-';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Another implementation of the key API, named by WORKBASE_E2E_API_URL (and
 * WORKBASE_E2E_ADMIN_TOKEN): the suites run against it instead of a fresh
 * reference server. It must be a disposable instance: every test starts by
 * deleting every key on it, as a fresh server would have none. Its output is
 * not ours to read, so the log checks see nothing there.
 */
async function externalServer(url: string, adminToken: string): Promise<RunningServer> {
  const api: RunningServer['api'] = async (method, route, body, token = adminToken) => {
    const res = await fetch(url + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  };
  for (;;) {
    const page = await api('GET', '/v1/keys?limit=500');
    const keys = (page.json as { keys?: { id: string }[] } | null)?.keys;
    if (page.status !== 200 || !keys) throw new Error(`WORKBASE_E2E_API_URL: GET /v1/keys answered ${page.status}`);
    if (keys.length === 0) break;
    for (const key of keys) await api('DELETE', `/v1/keys/${key.id}`);
  }
  return { url, adminToken, external: true, dbDir: '', output: () => '', stop: async () => undefined, api };
}

export async function startServer(options: { dbDir?: string; adminToken?: string; port?: number } = {}): Promise<RunningServer> {
  const externalUrl = process.env.WORKBASE_E2E_API_URL;
  // Only the default server is replaced: a test asking for a port, a database or a token needs ours.
  if (externalUrl && options.dbDir === undefined && options.port === undefined && options.adminToken === undefined) {
    const token = process.env.WORKBASE_E2E_ADMIN_TOKEN;
    if (!token) throw new Error('WORKBASE_E2E_API_URL needs WORKBASE_E2E_ADMIN_TOKEN, an admin token of that server.');
    return externalServer(externalUrl.replace(/\/+$/, ''), token);
  }
  const dbDir = options.dbDir ?? mkdtempSync(path.join(tmpdir(), 'wbk-db-'));
  const adminToken = options.adminToken ?? `${TEST_TOKEN_PREFIX}${randomBytes(24).toString('hex')}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', '--port', String(options.port ?? 0), '--db', path.join(dbDir, 'keys.db')],
    { cwd: ROOT, env: { ...process.env, WORKBASE_ADMIN_TOKEN: adminToken }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    adminToken,
    external: false,
    dbDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (!options.dbDir) rmSync(dbDir, { recursive: true, force: true });
    },
    async api(method, route, body, token = adminToken) {
      const res = await fetch(url + route, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
    },
  };
}
