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
  dbDir: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Admin call helper for assertions made outside the extension. */
  api: (method: string, route: string, body?: unknown, token?: string) => Promise<{ status: number; json: unknown }>;
}

/** Every test admin token starts with this, so logs can be searched for any of them. */
export const TEST_TOKEN_PREFIX = 'test-admin-';

const ROOT = path.resolve(import.meta.dirname, '..');

/** `db`: a postgres:// URL to run on PostgreSQL instead of a SQLite file in dbDir. */
export async function startServer(options: { dbDir?: string; db?: string; adminToken?: string; port?: number } = {}): Promise<RunningServer> {
  const dbDir = options.dbDir ?? mkdtempSync(path.join(tmpdir(), 'wbk-db-'));
  const adminToken = options.adminToken ?? `${TEST_TOKEN_PREFIX}${randomBytes(24).toString('hex')}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', '--port', String(options.port ?? 0), '--db', options.db ?? path.join(dbDir, 'keys.db')],
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
