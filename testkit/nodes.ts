// Several real server processes (the CLI an operator runs) on one PostgreSQL
// database, and a tiny HTTP client that can pick its loopback source address,
// so each simulated client has its own failed-auth budget as real clients do.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface Node {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait (graceful: drains and flushes). */
  stop(): Promise<void>;
  /** SIGKILL: no drain, no flush, as a crashed machine. */
  kill(): Promise<void>;
}

export async function startNode(dbUrl: string, adminToken: string): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '0', '--db', dbUrl], {
    cwd: ROOT,
    env: { ...process.env, WORKBASE_ADMIN_TOKEN: adminToken, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`node exited:\n${out}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export interface Reply {
  status: number;
  body: unknown;
  ms: number;
}

/** One request on a fresh connection from `from` (any 127.x address). */
export function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string | null; json?: unknown; headers?: Record<string, string>; from?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const started = performance.now();
  const url = new URL(path, base);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { connection: 'close', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers,
        localAddress: options.from,
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
