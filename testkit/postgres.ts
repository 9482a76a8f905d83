// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp
// directory, started on a free loopback port, stopped and removed on every
// exit path (stop(), process exit, SIGINT/SIGTERM). initdb refuses to run as
// root, so as root the cluster runs as the `postgres` user Debian's package
// creates (runuser); as anyone else it runs as that user.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The role the server connects as: owns its databases, is not a superuser. */
export const APP_ROLE = 'workbase';

export interface PostgresCluster {
  port: number;
  /** The cluster's data directory (holds the tables and pg_wal/). */
  dataDir: string;
  /** Superuser URL to the `postgres` database, for setup only. */
  adminUrl: string;
  /** Creates a database owned by APP_ROLE and returns the URL the server uses for it. */
  createDatabase(name?: string): Promise<string>;
  /** Runs one SQL statement as the superuser (psql), returning its unaligned output. */
  psql(sql: string, database?: string): Promise<string>;
  /** Fast shutdown (connections are cut), as an operator's restart does. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the cluster and deletes its directory. Idempotent. */
  dispose(): Promise<void>;
}

/** The newest installed server binaries (Debian: /usr/lib/postgresql/<major>/bin), or $PG_BIN. */
function postgresBinDir(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? null : path.join(root, majors[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const live = new Set<() => void>();
let hooked = false;

/** Last-resort cleanup: an immediate stop and rm, synchronous so it also runs from 'exit'. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const sweep = () => {
    for (const stop of live) stop();
    live.clear();
  };
  process.once('exit', sweep);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sweep();
      process.kill(process.pid, signal);
    });
  }
}

export async function startPostgres(options: { maxConnections?: number } = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql), or set PG_BIN to its bin directory.');
  const asRoot = userInfo().uid === 0;
  // As root: everything as the postgres user; otherwise as ourselves.
  const cmd = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];

  const dir = mkdtempSync(path.join(tmpdir(), 'wb-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const pgCtl = (...args: string[]) => cmd('pg_ctl', ['-D', dataDir, ...args]);
  const forceStop = () => {
    try {
      const [c, a] = pgCtl('stop', '-m', 'immediate', '-w');
      execFileSync(c, a, { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(forceStop);
  hookExit();

  const exec = async ([c, a]: [string, string[]]) => (await run(c, a, { maxBuffer: 16 * 1024 * 1024 })).stdout;
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${options.maxConnections ?? 200}`,
    // Throwaway data: no need to wait for the disk. Commits still go through the WAL.
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  const startServer = async () => {
    await exec(pgCtl('start', '-w', '-t', '60', '-l', path.join(dir, 'postgres.log'), '-o', serverOptions));
  };
  const psql = async (sql: string, database = 'postgres') =>
    exec(cmd('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql]));

  try {
    await exec(cmd('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']));
    await startServer();
    await psql(`CREATE ROLE ${APP_ROLE} LOGIN`);
  } catch (error) {
    live.delete(forceStop);
    forceStop();
    throw error;
  }

  let counter = 0;
  let disposed = false;
  return {
    port,
    dataDir,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async createDatabase(name = `wb_${process.pid}_${++counter}_${Date.now().toString(36)}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await psql(`CREATE DATABASE ${name} OWNER ${APP_ROLE}`);
      // PostgreSQL 15: only the owner may create in the public schema.
      await psql(`ALTER SCHEMA public OWNER TO ${APP_ROLE}`, name);
      return `postgres://${APP_ROLE}@127.0.0.1:${port}/${name}`;
    },
    psql,
    async stopServer() {
      await exec(pgCtl('stop', '-m', 'fast', '-w'));
    },
    startServer,
    async dispose() {
      if (disposed) return;
      disposed = true;
      live.delete(forceStop);
      try {
        await exec(pgCtl('stop', '-m', 'fast', '-w'));
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
