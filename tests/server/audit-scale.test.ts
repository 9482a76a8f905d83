// GET /v1/audit at scale: 20,000 events, every query shape walks an index
// (EXPLAIN QUERY PLAN: no temp B-tree sort), and the last page costs what
// the first does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse, type AuditAction } from '../../lib/shared/contract/audit';
import { openDb } from '../../server/db';
import { buildAuditSql, openStore } from '../../server/store';
import { T0, createTestDatabase, onPostgres, startTestServer, type TestServer } from './helpers';

const EVENTS = 20_000;
const ACTIONS: AuditAction[] = ['key.created', 'key.renamed', 'key.replaced', 'key.deleted'];
const keyId = (i: number) => `key_${String(i % 500).padStart(24, '0')}`;

describe.skipIf(onPostgres)('audit query plan', () => {
  const db = openDb(':memory:');
  afterAll(() => db.close());
  const shapes = [false, true].flatMap((keyId) =>
    [false, true].flatMap((actorId) =>
      [false, true].flatMap((action) =>
        [false, true].flatMap((before) => [false, true].map((cursor) => ({ keyId, actorId, action, before, cursor }))),
      ),
    ),
  );

  it.each(shapes)('keyId=$keyId actorId=$actorId action=$action before=$before cursor=$cursor: an index, no sort', (shape) => {
    const detail = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${buildAuditSql(shape)}`)
        .all({ keyId: 'key_x', actorId: 1, action: 'key.created', before: 0, afterAt: 0, afterId: 0, limit: 10 }) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(detail).toMatch(/INDEX audit_(at|key|actor|action)/);
    expect(detail).not.toContain('TEMP B-TREE');
    // A cursor (or before) seeks into the index rather than scanning from the newest and filtering.
    if (shape.cursor || shape.before) expect(detail).toMatch(/^SEARCH .*\bat<\?\)$/);
  });
});

describe(`GET /v1/audit with ${EVENTS.toLocaleString('en')} events`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-audit-scale-'));
  let dbPath = join(dir, 'keys.db');
  let server: TestServer;
  beforeAll(async () => {
    if (onPostgres) dbPath = await createTestDatabase();
    const store = await openStore(dbPath);
    await store.atomically(async (tx) => {
      for (let i = 0; i < EVENTS; i++) {
        await tx.recordAudit({
          // Several per millisecond: ties on `at` are the norm, not the exception.
          at: T0 + Math.floor(i / 3),
          actor: { id: 1 + (i % 7), name: `admin ${i % 7}`, email: null, method: 'token' },
          action: ACTIONS[i % ACTIONS.length]!,
          key: { id: keyId(i), name: `key ${i % 500}`, hint: 'wbk_…abcd' },
          details: null,
          clientAddress: '127.0.0.1',
          userAgent: 'seed',
          requestId: `req-${i}`,
        });
      }
    });
    await store.close();
    server = await startTestServer({ dbPath });
  }, 60_000);
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function page(query: string): Promise<{ body: AuditListResponse; ms: number }> {
    const started = performance.now();
    const res = await server.req('GET', `/v1/audit${query}`);
    const body = AuditListResponse.parse(await res.json());
    return { body, ms: performance.now() - started };
  }

  it('walks every event exactly once, newest first, 500 a page', async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: AuditListResponse } = await page(`?limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
      ids.push(...body.events.map((e) => e.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    // Seeded in time order, so newest first is id descending; plus the server's own events (none here).
    expect(ids.length).toBe(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  }, 60_000);

  it('the deepest page of a filtered walk costs about what the first does', async () => {
    for (const filter of ['', `&keyId=${keyId(42)}`, '&actorId=3', '&action=key.deleted']) {
      // A cursor the server issued deep in the log: after the newest event older than T0 + 200 ms
      // (the cursor carries no filters, so it continues the unfiltered-by-time walk from there).
      const near = (await page(`?limit=1${filter}&before=${new Date(T0 + 200).toISOString()}`)).body.nextCursor;
      expect(near).not.toBeNull();
      const deep = await page(`?limit=20${filter}&cursor=${near}`);
      expect(deep.body.events.length).toBeGreaterThan(0);
      expect(deep.body.events.every((e) => e.at < new Date(T0 + 200).toISOString())).toBe(true);
      const median = async (query: string) => {
        const times: number[] = [];
        for (let i = 0; i < 15; i++) times.push((await page(query)).ms);
        return times.sort((a, b) => a - b)[7]!;
      };
      const first = await median(`?limit=20${filter}`);
      const deepest = await median(`?limit=20${filter}&cursor=${near}`);
      console.log(`audit ${filter || 'no filter'}: first page ${first.toFixed(2)} ms, deep page ${deepest.toFixed(2)} ms (${EVENTS} events)`);
      // Flat: a scan from the newest would read ~97% of the table; allow noise on a shared 2-core machine.
      expect(deepest, `${filter || 'no filter'}`).toBeLessThan(Math.max(first * 3, first + 5));
    }
  }, 60_000);
});
