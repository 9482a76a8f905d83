// `npx tsx bench/stores.ts`: the reference key API on SQLite and on PostgreSQL
// side by side, from one run on this machine: whoami throughput and p99 (one
// node; three nodes on one PostgreSQL database), create throughput, and list
// latency at a deep cursor from 1k to 100k keys. Real server processes (the
// CLI), real loopback HTTP with keep-alive, a throwaway PostgreSQL cluster.
// Prints a markdown table (docs/scaling.md quotes it). BENCH_SECONDS=5 by default.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { encodeCursor } from '../server/cursor';
import { seedKeys } from '../server/seed-keys';
import { openStore } from '../server/store';
import { startPostgres } from '../testkit/postgres';
import { startNode, type Node } from '../testkit/nodes';

const ADMIN = `wbadm_bench_${'x'.repeat(32)}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SIZES = [1_000, 10_000, 100_000];
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  measure: string;
  sqlite: string;
  postgres: string;
}

function send(agent: Agent, base: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: { authorization: `Bearer ${ADMIN}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function sendAs(agent: Agent, base: string, path: string, token: string): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: 'GET', path: url.pathname, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Closed loop: `clients` concurrent requesters for SECONDS over the given bases, round-robin. */
async function hammer(
  bases: string[],
  clients: number,
  one: (agent: Agent, base: string, i: number) => Promise<number>,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const i = n++;
        const started = performance.now();
        const status = await one(agent, bases[i % bases.length]!, i);
        latencies.push(performance.now() - started);
        if (status >= 300) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / SECONDS, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}

async function measure(kind: 'sqlite' | 'postgres', location: string, extraNodes: () => Promise<Node[]>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const node = await startNode(location, ADMIN);
  const agent = new Agent({ keepAlive: true });
  try {
    const made = JSON.parse((await send(agent, node.url, 'POST', '/v1/keys', { name: 'bench', expiresAt: null })).text) as { secret: string };
    log(`${kind}: whoami, 1 node`);
    const who = await hammer([node.url], 16, (a, base) => sendAs(a, base, '/v1/whoami', made.secret));
    out.set('whoami, 1 node: requests/s', who.rps.toFixed(0));
    out.set('whoami, 1 node: median / p99 (ms)', `${who.p50.toFixed(2)} / ${who.p99.toFixed(2)}`);
    const more = await extraNodes();
    if (more.length > 0) {
      log(`${kind}: whoami, ${more.length + 1} nodes`);
      const three = await hammer([node.url, ...more.map((m) => m.url)], 16, (a, base) => sendAs(a, base, '/v1/whoami', made.secret));
      out.set('whoami, 3 nodes: requests/s', three.rps.toFixed(0));
      out.set('whoami, 3 nodes: median / p99 (ms)', `${three.p50.toFixed(2)} / ${three.p99.toFixed(2)}`);
      await Promise.all(more.map((m) => m.stop()));
    }
    log(`${kind}: create`);
    const create = await hammer(
      [node.url],
      8,
      async (a, base, i) => (await send(a, base, 'POST', '/v1/keys', { name: `c ${i}`, expiresAt: null })).status,
    );
    out.set('create (POST /v1/keys, 8 clients): keys/s', create.rps.toFixed(0));
    out.set('create: median / p99 (ms)', `${create.p50.toFixed(2)} / ${create.p99.toFixed(2)}`);

    // List latency at a deep cursor as the table grows (seeded through a second connection).
    const store = await openStore(location);
    let seeded = await store.countKeys();
    const now = Date.now();
    for (const size of SIZES) {
      if (size > seeded) {
        const startedSeed = performance.now();
        await seedKeys(store, size - seeded, now, seeded);
        log(`${kind}: seeded to ${size} keys in ${Math.round(performance.now() - startedSeed)} ms`);
        seeded = size;
      }
      const all = await store.listKeys({
        sort: 'name',
        order: 'asc',
        after: null,
        status: undefined,
        expiresBefore: undefined,
        now,
        limit: Math.floor(size * 0.9) + 1,
      });
      const at = all.at(-1)!;
      const path = `/v1/keys?limit=100&sort=name&cursor=${encodeCursor('name', 'asc', { value: at.sort_value, id: at.id })}`;
      const samples: number[] = [];
      // A fresh keep-alive pool: the last one's sockets idled out during the seeding.
      const listAgent = new Agent({ keepAlive: true });
      for (let i = 0; i < 150; i++) {
        const started = performance.now();
        const res = await send(listAgent, node.url, 'GET', path);
        if (res.status !== 200) throw new Error(`list ${res.status} ${res.text}`);
        samples.push(performance.now() - started);
      }
      listAgent.destroy();
      samples.sort((a, b) => a - b);
      out.set(
        `list sort=name, deep cursor, ${size.toLocaleString('en-US')} keys: median / p99 (ms)`,
        `${quantile(samples, 0.5).toFixed(2)} / ${quantile(samples, 0.99).toFixed(2)}`,
      );
    }
    await store.close();
  } finally {
    agent.destroy();
    await node.stop();
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-bench-stores-'));
  const cluster = await startPostgres();
  try {
    const sqlite = await measure('sqlite', path.join(dir, 'keys.db'), async () => []);
    const url = await cluster.createDatabase('bench');
    const postgres = await measure('postgres', url, () => Promise.all([startNode(url, ADMIN), startNode(url, ADMIN)]));
    const rows: Row[] = [...postgres.keys()].map((measure) => ({
      measure,
      sqlite: sqlite.get(measure) ?? '—',
      postgres: postgres.get(measure) ?? '—',
    }));
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${SECONDS} s per load run; client, server nodes and PostgreSQL on the same machine.`,
      '',
      '| Measure | SQLite | PostgreSQL |',
      '| --- | ---: | ---: |',
      ...rows.map((r) => `| ${r.measure} | ${r.sqlite} | ${r.postgres} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await cluster.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
