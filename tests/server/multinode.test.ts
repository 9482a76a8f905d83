// Three server processes on one PostgreSQL database behind a round-robin
// "load balancer": what one node promises, all of them together keep. Runs in
// the PostgreSQL pass only, on a cluster of its own (one test restarts it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../lib/shared/contract/secret';
import { CreateKeyResponse, ListKeysResponse, type KeyMeta } from '../../lib/shared/contract/schemas';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres';
import { onPostgres } from './helpers';
import { call, startNode, type Node, type Reply } from '../../testkit/nodes';

const ADMIN = `multinode-admin-${'x'.repeat(32)}`;
const NODES = 3;

/** Small seeded PRNG (mulberry32), as in load.test.ts. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(!onPostgres)('three nodes on one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let dbUrl: string;
  let nodes: Node[] = [];
  let turn = 0;
  /** Round-robin over the nodes that are up, as a load balancer does. */
  const next = () => nodes[turn++ % nodes.length]!;
  const admin = (method: string, path: string, json?: unknown, headers?: Record<string, string>, from?: string) =>
    call(next().url, method, path, { token: ADMIN, json, headers, from });

  beforeAll(async () => {
    cluster = await startPostgres();
    dbUrl = await cluster.createDatabase('multinode');
    // Started together: the migration lock makes them queue, not collide.
    nodes = await Promise.all(Array.from({ length: NODES }, () => startNode(dbUrl, ADMIN)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await cluster?.dispose();
  }, 60_000);

  async function listEverything(base: string): Promise<KeyMeta[]> {
    const out: KeyMeta[] = [];
    let cursor: string | null = null;
    do {
      const res: Reply = await call(base, 'GET', `/v1/keys?limit=500${cursor === null ? '' : `&cursor=${cursor}`}`, { token: ADMIN });
      const page = ListKeysResponse.parse(res.body);
      out.push(...page.keys);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  }

  it('started at once, the nodes applied each migration exactly once', async () => {
    const rows = await cluster.psql('SELECT version FROM schema_migrations ORDER BY version', 'multinode');
    expect(rows.trim().split('\n')).toEqual(['1', '2']);
    for (const node of nodes) expect((await call(node.url, 'GET', '/healthz')).body).toEqual({ status: 'ok', store: 'postgres' });
  });

  it('16 clients, round-robin: creates, renames, deletes; nothing lost or duplicated', async () => {
    const believed = new Map<string, { name: string; secret: string }>();
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, index) => {
        const from = `127.0.0.${10 + index}`; // each client its own failed-auth budget
        const random = rng(2000 + index);
        const mine: string[] = [];
        for (let op = 0; op < 25; op++) {
          const roll = random();
          if (mine.length === 0 || roll < 0.45) {
            const res = await admin(
              'POST',
              '/v1/keys',
              { name: `c${index} k${op}`, expiresAt: null },
              { 'idempotency-key': `mn-${index}-${op}-idem` },
              from,
            );
            if (res.status !== 201) failures.push(`create ${res.status}`);
            const body = CreateKeyResponse.parse(res.body);
            believed.set(body.key.id, { name: body.key.name, secret: body.secret ?? '' });
            mine.push(body.key.id);
          } else if (roll < 0.75) {
            const id = mine[Math.floor(random() * mine.length)]!;
            const name = `c${index} renamed ${op}`;
            const res = await admin('PATCH', `/v1/keys/${id}`, { name }, undefined, from);
            if (res.status !== 200) failures.push(`rename ${res.status}`);
            believed.get(id)!.name = name;
          } else {
            const id = mine.splice(Math.floor(random() * mine.length), 1)[0]!;
            const secret = believed.get(id)!.secret;
            const res = await admin('DELETE', `/v1/keys/${id}`, undefined, undefined, from);
            if (res.status !== 204) failures.push(`delete ${res.status}`);
            believed.delete(id);
            // The very next whoami, on whichever node the balancer picks, is refused.
            const who = await call(next().url, 'GET', '/v1/whoami', { token: secret, from });
            if (who.status !== 401) failures.push(`whoami after delete ${who.status}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    for (const node of nodes) {
      const listed = await listEverything(node.url);
      expect(listed.length).toBe(believed.size);
      expect(new Map(listed.map((k) => [k.id, k.name]))).toEqual(new Map([...believed].map(([id, b]) => [id, b.name])));
    }
  }, 120_000);

  it('a key deleted through node A is refused by node B and C on the very next request; so is a key replaced with no grace', async () => {
    const [a, b, c] = nodes as [Node, Node, Node];
    const made = CreateKeyResponse.parse((await call(a.url, 'POST', '/v1/keys', { token: ADMIN, json: { name: 'doomed', expiresAt: null } })).body);
    expect((await call(b.url, 'GET', '/v1/whoami', { token: made.secret })).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/v1/keys/${made.key.id}`, { token: ADMIN })).status).toBe(204);
    expect((await call(b.url, 'GET', '/v1/whoami', { token: made.secret })).status).toBe(401);
    expect((await call(c.url, 'GET', '/v1/whoami', { token: made.secret })).status).toBe(401);

    const old = CreateKeyResponse.parse((await call(b.url, 'POST', '/v1/keys', { token: ADMIN, json: { name: 'rotated', expiresAt: null } })).body);
    expect((await call(c.url, 'GET', '/v1/whoami', { token: old.secret })).status).toBe(200);
    const replaced = await call(a.url, 'POST', `/v1/keys/${old.key.id}/replace`, {
      token: ADMIN,
      json: { name: 'rotated 2', expiresAt: null, graceSeconds: 0 },
    });
    expect(replaced.status).toBe(201);
    const who = await call(c.url, 'GET', '/v1/whoami', { token: old.secret });
    expect(who.status).toBe(401);
    expect(who.body).toMatchObject({ error: { code: 'key_expired' } });
  });

  it('two nodes racing one Idempotency-Key make exactly one key: one 201, one 200 replay', async () => {
    const before = (await listEverything(nodes[0]!.url)).length;
    for (let round = 0; round < 10; round++) {
      const json = { name: `race ${round}`, expiresAt: null };
      const headers = { 'idempotency-key': `race-${round}-${Date.now()}` };
      const replies = await Promise.all(nodes.slice(0, 2).map((n) => call(n.url, 'POST', '/v1/keys', { token: ADMIN, json, headers })));
      expect(replies.map((r) => r.status).sort()).toEqual([200, 201]);
      const ids = replies.map((r) => CreateKeyResponse.parse(r.body).key.id);
      expect(ids[0]).toBe(ids[1]);
    }
    expect((await listEverything(nodes[0]!.url)).length).toBe(before + 10);
  });

  it('failed authentications spread over the nodes share one budget, not one per node', async () => {
    const from = '127.0.0.200';
    const statuses: number[] = [];
    // The single-node budget is 50 distinct wrong credentials per address per minute.
    for (let i = 0; i < 90; i++) statuses.push((await call(next().url, 'GET', '/v1/keys', { token: `wrong-${i}-${'y'.repeat(40)}`, from })).status);
    const refused401 = statuses.filter((s) => s === 401).length;
    expect(refused401).toBeGreaterThanOrEqual(50);
    // Each other node may let through one more before it learns of the block.
    expect(refused401).toBeLessThanOrEqual(50 + NODES - 1);
    expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
    // A working admin from another address is untouched.
    expect((await call(next().url, 'GET', '/v1/keys', { token: ADMIN })).status).toBe(200);
  });

  it('kill -9 of one node mid-load loses no acknowledged write', async () => {
    const victim = nodes[2]!;
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const target = nodes[(w + i) % NODES]!;
        try {
          const res = await call(target.url, 'POST', '/v1/keys', { token: ADMIN, json: { name: `ack ${w}-${i}`, expiresAt: null } });
          if (res.status === 201) acknowledged.push(CreateKeyResponse.parse(res.body).key.id);
        } catch {
          // the killed node's connections fail: not acknowledged, so nothing is owed
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await victim.kill();
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(writers);
    nodes = nodes.filter((n) => n !== victim);
    expect(acknowledged.length).toBeGreaterThan(10);
    const listed = new Set((await listEverything(nodes[0]!.url)).map((k) => k.id));
    expect(acknowledged.filter((id) => !listed.has(id))).toEqual([]);
  }, 60_000);

  it('PostgreSQL restarted mid-load: 503 store_unavailable (never 500, never a hang), then recovery with no node restarted', async () => {
    const made = CreateKeyResponse.parse((await admin('POST', '/v1/keys', { name: 'survivor', expiresAt: null })).body);
    const seen: Reply[] = [];
    let stop = false;
    const load = Array.from({ length: 4 }, async (_, w) => {
      while (!stop) {
        const node = next();
        const res =
          w % 2
            ? await call(node.url, 'GET', '/v1/whoami', { token: made.secret })
            : await call(node.url, 'GET', '/v1/keys?limit=10', { token: ADMIN });
        seen.push(res);
        if (res.status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    await cluster.stopServer();
    const downAt = seen.length;
    await new Promise((r) => setTimeout(r, 1500));
    const health = await Promise.all(nodes.map((n) => call(n.url, 'GET', '/healthz')));
    for (const h of health) expect(h.body).toMatchObject({ error: { code: 'store_unavailable' } });
    await cluster.startServer();
    // Recovered on their own: within a few seconds every node answers again.
    const deadline = Date.now() + 15_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline) {
      const h = await Promise.all(nodes.map((n) => call(n.url, 'GET', '/healthz')));
      healthy = h.every((r) => r.status === 200);
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    const recoveredAt = seen.length;
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await Promise.all(load);
    expect(healthy).toBe(true);
    const during = seen.slice(downAt, recoveredAt);
    expect(during.some((r) => r.status === 503)).toBe(true);
    expect(seen.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    // No hang: every answer came within the connect timeout and then some.
    expect(Math.max(...seen.map((r) => r.ms))).toBeLessThan(8000);
    expect(seen.slice(-5).every((r) => r.status === 200)).toBe(true);
    for (const h of health) expect(h.status).toBe(503);
    // An unknown secret meanwhile is still a 401, not a 503.
    expect((await call(next().url, 'GET', '/v1/whoami', { token: generateSecret() })).status).toBe(401);
  }, 90_000);
});
