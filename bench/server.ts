// Server benchmark: `tsx bench/server.ts` prints a table; benchServer() feeds
// the combined bench. The server runs as its real CLI in a child process (one
// core), the load generator here (the other core), so neither steals the
// other's event loop. The floor is a bare Hono app on the same
// @hono/node-server setup, measured in the same run by the same client.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ORDER, type ListSort } from '../lib/shared/contract/list-query';
import { encodeAuditCursor, encodeCursor } from '../server/cursor';
import { closeDb, openDb } from '../server/db';
import { seedKeys } from '../server/seed-keys';
import { SORT_EXPRESSIONS, createSqliteStore } from '../server/store';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export interface BenchOptions {
  log: (s: string) => void;
  /** Seconds per throughput measurement (after a 1 s warm-up). Default 5. */
  seconds?: number;
  /** Concurrent keep-alive connections. Default 32. */
  connections?: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = `wbadm_bench_${'x'.repeat(32)}`;
const SIZES = [1_000, 10_000, 100_000] as const;
const SORTS: readonly ListSort[] = ['createdAt', 'expiresAt', 'name', 'lastUsedAt'];
const LIST_SAMPLES = 150;
const LIST_ROUNDS = 3;
const AUDIT_EVENTS = 100_000;
const AUDIT_KEYS = 1_000;

// ---- child processes --------------------------------------------------------

interface Child {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> ...args` and waits for its `listening on
 * URL` line. Its stdout goes to a file, as an operator's would: a pipe read by
 * this (busy) load generator would fill up and stall the server's log writes,
 * measuring our client instead of the server.
 */
function startChild(script: string, args: string[], logPath: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const out = openSync(logPath, 'w');
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  const stop = () =>
    new Promise<void>((done) => {
      if (proc.exitCode !== null) return done();
      proc.once('exit', () => done());
      proc.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let errors = '';
    proc.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before listening: ${errors}`));
    proc.once('exit', onExit);
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(readFileSync(logPath, 'utf8'));
      if (!match?.[1]) return;
      clearInterval(poll);
      proc.off('exit', onExit);
      resolve({ url: match[1], proc, stop });
    }, 50);
    proc.once('exit', () => clearInterval(poll));
  });
}

/** The floor: constant JSON from a bare Hono app. Runs when this file is started with --floor-child. */
async function serveFloor(): Promise<void> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.get('/v1/whoami', (c) => c.json({ keyId: 'key_000000000000000000000000', name: 'floor' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// ---- HTTP client ------------------------------------------------------------

interface Target {
  host: string;
  port: number;
}

function target(url: string): Target {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** One GET; resolves with the status after the body is drained. */
function get(agent: Agent, t: Target, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: t.host, port: t.port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

async function json(url: string, method: string, body: unknown, token: string): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

function quantile(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU per request: unlike req/s, barely moved by other load on the machine. */
  cpuMicros: number;
  errors: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the ")" that ends the command name: utime is the 12th, stime the 13th (clock ticks, 100 Hz).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Keep-alive load on one endpoint: `connections` loops, each sending the next request when the last answer ends. */
class Hammer {
  private readonly agent: Agent;
  private readonly latencies: number[] = [];
  private elapsedMs = 0;
  private cpu = 0;
  errors = 0;

  constructor(
    private readonly pid: number | undefined,
    private readonly t: Target,
    private readonly path: string,
    private readonly token: string,
    private readonly connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  async run(ms: number, record: boolean): Promise<void> {
    const started = performance.now();
    const cpuBefore = cpuSeconds(this.pid);
    const until = started + ms;
    await Promise.all(
      Array.from({ length: this.connections }, async () => {
        while (performance.now() < until) {
          const sent = performance.now();
          const status = await get(this.agent, this.t, this.path, this.token);
          if (!record) continue;
          this.latencies.push(performance.now() - sent);
          if (status !== 200) this.errors++;
        }
      }),
    );
    if (record) {
      this.elapsedMs += performance.now() - started;
      this.cpu += cpuSeconds(this.pid) - cpuBefore;
    }
  }

  result(): Throughput {
    this.agent.destroy();
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      rps: (this.latencies.length * 1000) / this.elapsedMs,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      cpuMicros: (this.cpu * 1e6) / this.latencies.length,
      errors: this.errors,
    };
  }
}

/**
 * Server and floor measured in alternating 1 s slices: on a shared 2-core
 * machine the background load drifts, and alternating exposes both to the same drift.
 */
async function compare(a: Hammer, b: Hammer, seconds: number): Promise<[Throughput, Throughput]> {
  await a.run(1000, false); // warm-up: JIT, sockets, page cache
  await b.run(1000, false);
  for (let slice = 0; slice < seconds; slice++) {
    await a.run(1000, true);
    await b.run(1000, true);
  }
  return [a.result(), b.result()];
}

/** Sequential requests (one at a time): latency without queueing, in ms. */
async function latency(t: Target, path: string, token: string, samples: number): Promise<Float64Array> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 10; i++) await get(agent, t, path, token);
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const status = await get(agent, t, path, token);
    if (status !== 200) throw new Error(`GET ${path}: ${status}`);
    out[i] = performance.now() - started;
  }
  agent.destroy();
  return out;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---- the benchmark ----------------------------------------------------------

export async function benchServer(opts: BenchOptions): Promise<BenchRow[]> {
  const seconds = opts.seconds ?? 5;
  const connections = opts.connections ?? 32;
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const dbPath = join(dir, 'keys.db');
  const children: Child[] = [];
  try {
    const server = await startChild('server/cli.ts', ['--port', '0', '--db', dbPath], join(dir, 'server.log'), { WORKBASE_ADMIN_TOKEN: ADMIN });
    children.push(server);
    const floorServer = await startChild(fileURLToPath(import.meta.url), ['--floor-child'], join(dir, 'floor.log'));
    children.push(floorServer);

    const created = (await json(`${server.url}/v1/keys`, 'POST', { name: 'bench', expiresAt: null }, ADMIN)) as { secret: string };
    opts.log(`whoami: ${connections} connections, ${seconds} s each, alternating server and floor`);
    const [whoami, floor] = await compare(
      new Hammer(server.proc.pid, target(server.url), '/v1/whoami', created.secret, connections),
      new Hammer(floorServer.proc.pid, target(floorServer.url), '/v1/whoami', 'unused', connections),
      seconds,
    );
    if (whoami.errors > 0) throw new Error(`whoami: ${whoami.errors} non-200 answers`);
    const ratio = whoami.rps / floor.rps;
    rows.push(
      {
        name: 'whoami throughput',
        value: Math.round(whoami.rps),
        unit: 'req/s',
        floor: Math.round(floor.rps),
        ratio: round(ratio),
        target: '≥ 50% of floor',
        pass: ratio >= 0.5,
      },
      {
        name: 'whoami server CPU per request',
        value: round(whoami.cpuMicros, 1),
        unit: 'µs',
        floor: round(floor.cpuMicros, 1),
        ratio: round(whoami.cpuMicros / floor.cpuMicros),
        // Informational: the gate is throughput; when CPU-bound, 2× the floor's CPU ≈ 50% of its throughput.
        target: 'info (≈ 2× floor ↔ 50% throughput)',
      },
      { name: 'whoami p99 latency', value: round(whoami.p99), unit: 'ms', floor: round(floor.p99), ratio: round(whoami.p99 / floor.p99) },
      { name: 'whoami median latency', value: round(whoami.p50), unit: 'ms', floor: round(floor.p50), ratio: round(whoami.p50 / floor.p50) },
    );
    await floorServer.stop();

    // List latency at growing sizes: seeded through a second connection while the server runs (WAL).
    const db = openDb(dbPath);
    const seedStore = createSqliteStore(db);
    const now = Date.now();
    const medians = new Map<ListSort, number[]>();
    let seeded = 0;
    for (const size of SIZES) {
      const startedSeed = performance.now();
      await seedKeys(seedStore, size - seeded, now, seeded);
      seeded = size;
      opts.log(`list: seeded ${size} keys (${Math.round(performance.now() - startedSeed)} ms)`);
      // Fold the seed into the main file, as a settled database would be; the server then reads no WAL.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const paths = new Map<ListSort, string>();
      for (const sort of SORTS) {
        const order = DEFAULT_ORDER[sort];
        const expr = SORT_EXPRESSIONS[sort];
        const dir = order === 'desc' ? 'DESC' : 'ASC';
        // A cursor 90% of the way down: the page a deep scroll asks for.
        const at = db
          .prepare(`SELECT id, ${expr} AS v FROM keys ORDER BY ${expr} ${dir}, id ${dir} LIMIT 1 OFFSET ?`)
          .get(Math.floor(size * 0.9)) as { id: string; v: number | string };
        paths.set(sort, `/v1/keys?limit=100&sort=${sort}&cursor=${encodeCursor(sort, order, { value: at.v, id: at.id })}`);
      }
      // Sorts take turns in short rounds, so a burst of background load hits all of them alike.
      const samples = new Map<ListSort, number[]>();
      for (let round = 0; round < LIST_ROUNDS; round++) {
        for (const [sort, path] of paths) {
          samples.set(sort, [...(samples.get(sort) ?? []), ...(await latency(target(server.url), path, ADMIN, LIST_SAMPLES / LIST_ROUNDS))]);
        }
      }
      for (const [sort, values] of samples) {
        const sorted = Float64Array.from(values).sort();
        const p50 = quantile(sorted, 0.5);
        rows.push(
          { name: `list limit=100 sort=${sort} deep cursor, ${size} keys, median`, value: round(p50), unit: 'ms' },
          { name: `list limit=100 sort=${sort} deep cursor, ${size} keys, p99`, value: round(quantile(sorted, 0.99)), unit: 'ms' },
        );
        medians.set(sort, [...(medians.get(sort) ?? []), p50]);
      }
    }

    // The audit log at 100k events, measured the same way as the list next to it.
    const auditSeedStarted = performance.now();
    await seedAuditEvents(db, AUDIT_EVENTS, now);
    db.pragma('wal_checkpoint(TRUNCATE)');
    opts.log(`audit: seeded ${AUDIT_EVENTS} events (${Math.round(performance.now() - auditSeedStarted)} ms)`);
    const deepEvent = db
      .prepare('SELECT at, id FROM audit_events ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?')
      .get(Math.floor(AUDIT_EVENTS * 0.9)) as {
      at: number;
      id: number;
    };
    const deepKeyEvent = db
      .prepare('SELECT at, id FROM audit_events WHERE key_id = ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?')
      .get(auditKeyId(7), Math.floor((AUDIT_EVENTS / AUDIT_KEYS) * 0.9)) as { at: number; id: number };
    const auditPaths: Array<[string, string]> = [
      ['first page', '/v1/audit?limit=100'],
      ['deep cursor', `/v1/audit?limit=100&cursor=${encodeAuditCursor(deepEvent)}`],
      ['keyId filter, deep cursor', `/v1/audit?limit=100&keyId=${auditKeyId(7)}&cursor=${encodeAuditCursor(deepKeyEvent)}`],
    ];
    const auditSamples = new Map<string, number[]>();
    for (let round = 0; round < LIST_ROUNDS; round++) {
      for (const [label, path] of auditPaths) {
        auditSamples.set(label, [
          ...(auditSamples.get(label) ?? []),
          ...(await latency(target(server.url), path, ADMIN, LIST_SAMPLES / LIST_ROUNDS)),
        ]);
      }
    }
    for (const [label, values] of auditSamples) {
      const sorted = Float64Array.from(values).sort();
      rows.push(
        { name: `audit limit=100 ${label}, ${AUDIT_EVENTS} events, median`, value: round(quantile(sorted, 0.5)), unit: 'ms' },
        { name: `audit limit=100 ${label}, ${AUDIT_EVENTS} events, p99`, value: round(quantile(sorted, 0.99)), unit: 'ms' },
      );
    }
    closeDb(db);
    // Flat: the 100k median within 1.5× (+0.5 ms of timer noise) of the 1k median.
    for (const [sort, [small, , large]] of medians) {
      if (small === undefined || large === undefined) continue;
      const growth = large / small;
      rows.push({
        name: `list sort=${sort} median growth 1k → 100k`,
        value: round(growth),
        unit: '×',
        target: 'flat (≤ 1.5×, or < 0.5 ms apart)',
        pass: growth <= 1.5 || large - small < 0.5,
      });
    }
    return rows;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const auditKeyId = (i: number) => `key_${String(i % AUDIT_KEYS).padStart(24, '0')}`;

/** Audit events as a busy team would leave them: several a second, 1,000 keys, 7 admins, all actions. */
async function seedAuditEvents(db: ReturnType<typeof openDb>, count: number, now: number): Promise<void> {
  const store = createSqliteStore(db);
  const actions = ['key.created', 'key.renamed', 'key.replaced', 'key.deleted'] as const;
  await store.atomically(async (tx) => {
    for (let i = 0; i < count; i++) {
      await tx.recordAudit({
        at: now - (count - i) * 300,
        actor: { id: 1 + (i % 7), name: `admin ${i % 7}`, email: null, method: 'token' },
        action: actions[i % actions.length] ?? 'key.created',
        key: { id: auditKeyId(i), name: `seed key ${i % AUDIT_KEYS}`, hint: 'wbk_…abcd' },
        details: null,
        clientAddress: '127.0.0.1',
        userAgent: 'bench',
        requestId: `bench-${i}`,
      });
    }
  });
}

function printTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.floor === undefined ? '' : `${r.floor} ${r.unit}`,
    r.ratio === undefined ? '' : String(r.ratio),
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['measurement', 'value', 'floor', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    c
      .map((s, i) => s.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--floor-child')) {
    void serveFloor();
  } else {
    const started = performance.now();
    benchServer({ log: (s) => process.stderr.write(`${s}\n`) }).then(
      (rows) => {
        process.stdout.write(`${printTable(rows)}\n(total ${Math.round((performance.now() - started) / 1000)} s)\n`);
      },
      (error: unknown) => {
        process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  }
}
