// Shared setup for the server suites: a real server on a random port, backed
// by a temp SQLite file or, in the PostgreSQL pass (WB_TEST_STORE=postgres,
// see vitest.config.ts), a fresh database in the run's throwaway cluster;
// with an optional controllable clock.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { inject } from 'vitest';
import { APP_ROLE } from '../../testkit/postgres';
import { ApiErrorBody, CreateKeyResponse, type KeyMeta } from '../../lib/shared/contract/schemas';
import { FailedAuthLog } from '../../server/audit';
import { openDb } from '../../server/db';
import { DEFAULT_RATE_LIMIT, createLimiters } from '../../server/rate-limit';
import { routes } from '../../server/routes';
import type { Route } from '../../server/routes/route';
import { startServer, type StartOptions } from '../../server/start';
import { createSqliteStore, isPostgresUrl, openStore, type Store } from '../../server/store';

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** Which store this pass runs the server suite on. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.WB_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
/** For tests of the SQLite file itself (pragmas, file modes, EXPLAIN QUERY PLAN): `describe.skipIf(onPostgres)`. */
export const onPostgres = TEST_STORE === 'postgres';

let pgAdmin: postgres.Sql | undefined;
let pgDatabases = 0;

/** A new empty database owned by the server's (non-superuser) role, as its URL. */
export async function createTestDatabase(): Promise<string> {
  const cluster = inject('postgres');
  if (!cluster) throw new Error('No PostgreSQL cluster: run the server-postgres project (vitest.config.ts).');
  pgAdmin ??= postgres(cluster.adminUrl, { max: 1, onnotice: () => undefined });
  const name = `t_${process.pid}_${++pgDatabases}_${Date.now().toString(36)}`;
  await pgAdmin.unsafe(`CREATE DATABASE ${name} OWNER ${APP_ROLE}`);
  return cluster.adminUrl.replace(/\/\/postgres@/, `//${APP_ROLE}@`).replace(/\/postgres$/, `/${name}`);
}

/** Runs SQL on the server's store over a connection of its own (triggers that inject failures, raw dumps). */
export async function rawSql(location: string, text: string): Promise<Record<string, unknown>[]> {
  if (!isPostgresUrl(location)) {
    const db = new Database(location);
    try {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all() as Record<string, unknown>[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  }
  const sql = postgres(location, { max: 1, onnotice: () => undefined });
  try {
    return [...(await sql.unsafe<Record<string, unknown>[]>(text))];
  } finally {
    await sql.end();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Every byte the store keeps at rest for this server: the SQLite file with its
 * -wal and -shm; for PostgreSQL, after a CHECKPOINT (dirty pages written), the
 * database's own directory, the cluster-wide tables and every WAL segment.
 */
export async function storeBytesAtRest(location: string): Promise<Buffer[]> {
  if (!isPostgresUrl(location)) {
    return ['', '-wal', '-shm'].flatMap((suffix) => {
      try {
        return [readFileSync(location + suffix)];
      } catch {
        return [];
      }
    });
  }
  const cluster = inject('postgres');
  if (!cluster || !pgAdmin) throw new Error('no PostgreSQL cluster');
  await pgAdmin`CHECKPOINT`;
  const name = new URL(location).pathname.slice(1);
  const [row] = await pgAdmin<{ oid: number }[]>`SELECT oid::int AS oid FROM pg_database WHERE datname = ${name}`;
  if (!row) throw new Error(`no database ${name}`);
  const dirs = [join(cluster.dataDir, 'base', String(row.oid)), join(cluster.dataDir, 'global'), join(cluster.dataDir, 'pg_wal')];
  return dirs.flatMap(filesUnder).map((path) => readFileSync(path));
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public now: number = T0) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface TestServer {
  url: string;
  adminToken: string;
  dbPath: string;
  dir: string;
  logs: string[];
  /** A second connection to the server's store, for tests that set data up directly. Close it. */
  openStore(): Promise<Store>;
  /** Writes the server's buffered lastUsedAt values now. */
  flushLastUsed(): Promise<void>;
  close(): Promise<void>;
  /** Stops the server (if running) and deletes its files. */
  dispose(): Promise<void>;
  req(method: string, path: string, init?: ReqInit): Promise<Response>;
  /** POST /v1/keys that must succeed. */
  /** A fresh create: the secret is always there (replays are tested separately). */
  createKey(name?: string, expiresAt?: string | null): Promise<CreateKeyResponse & { secret: string }>;
}

interface ReqInit {
  /** Serialized as JSON with content-type application/json unless raw is given. */
  json?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Bearer token; defaults to the admin token. null sends no Authorization. */
  token?: string | null;
}

export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-server-'));
  const dbPath = options.dbPath ?? (TEST_STORE === 'postgres' ? await createTestDatabase() : join(dir, 'keys.db'));
  const logs: string[] = [];
  const started = await startServer({
    port: 0,
    host: '127.0.0.1',
    log: (line) => logs.push(line),
    ...options,
    dbPath,
  });
  const adminToken = options.adminToken ?? started.generatedAdminToken;
  if (!adminToken) throw new Error('no admin token');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await started.close();
  };
  const req = (method: string, path: string, init: ReqInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? adminToken : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined = init.raw;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${started.url}${path}`, { method, headers, body });
  };
  return {
    url: started.url,
    adminToken,
    dbPath,
    dir,
    logs,
    openStore: () => openStore(dbPath, { max: 2 }),
    flushLastUsed: () => started.flushLastUsed(),
    close,
    async dispose() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
    req,
    async createKey(name = 'test key', expiresAt: string | null = null) {
      const res = await req('POST', '/v1/keys', { json: { name, expiresAt } });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      const body = CreateKeyResponse.parse(await res.json());
      if (body.secret === null) throw new Error('create returned no secret');
      return { ...body, secret: body.secret };
    },
  };
}

/** Asserts the envelope and returns it. */
export async function expectError(res: Response, status: number, code: string): Promise<ApiErrorBody['error']> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`expected JSON error body for ${status} ${code}, got ${res.status}: ${text}`);
  }
  const body = ApiErrorBody.parse(parsed);
  if (res.status !== status || body.error.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${text}`);
  }
  return body.error;
}

export async function listAll(server: TestServer, query = ''): Promise<KeyMeta[]> {
  const res = await server.req('GET', `/v1/keys?limit=500${query}`);
  const body = (await res.json()) as { keys: KeyMeta[]; nextCursor: string | null };
  if (body.nextCursor !== null) throw new Error('listAll: more than one page');
  return body.keys;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's route table as the app registers it, over a throwaway in-memory database (the routes only read their metadata here). */
export function routeTable(): Route[] {
  const db = openDb(':memory:');
  const store = createSqliteStore(db);
  const table = routes({
    store,
    clock: Date.now,
    limits: createLimiters(DEFAULT_RATE_LIMIT, Date.now),
    failedAuth: new FailedAuthLog(store, Date.now),
    lastUsed: { record: () => undefined, flush: () => Promise.resolve() },
  });
  db.close();
  return table;
}
