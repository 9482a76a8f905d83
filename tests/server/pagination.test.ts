// Keyset pagination: newest first, stable under ties and concurrent writes,
// every sort walks an index (checked with EXPLAIN QUERY PLAN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ORDER, type ListOrder, type ListSort } from '../../lib/shared/contract/list-query';
import { ListKeysResponse, type KeyMeta } from '../../lib/shared/contract/schemas';
import { openDb } from '../../server/db';
import { buildListSql } from '../../server/store';
import { ManualClock, T0, onPostgres, startTestServer, type TestServer } from './helpers';

async function walk(server: TestServer, query: string, limit: number, onPage?: (n: number) => Promise<void>): Promise<KeyMeta[]> {
  const seen: KeyMeta[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const url: string = `/v1/keys?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await server.req('GET', url);
    expect(res.status).toBe(200);
    const body = ListKeysResponse.parse(await res.json());
    expect(body.keys.length).toBeLessThanOrEqual(limit);
    seen.push(...body.keys);
    cursor = body.nextCursor;
    if (cursor === null) return seen;
    expect(body.keys).toHaveLength(limit);
    await onPage?.(page);
  }
  throw new Error('pagination did not end');
}

const byCreatedDesc = (a: KeyMeta, b: KeyMeta) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1;

describe('pagination', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let all: KeyMeta[];

  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
    const created: KeyMeta[] = [];
    for (let i = 0; i < 250; i++) {
      // Three keys per millisecond: createdAt ties that only the id can order.
      if (i % 3 === 0) clock.advance(1);
      const expiresAt = i % 4 === 0 ? null : new Date(T0 + 3_600_000 + (i % 7) * 1000).toISOString();
      const name = `${i % 2 ? 'Key' : 'key'} ${i % 11}`;
      const { key, secret } = await server.createKey(name, expiresAt);
      created.push(key);
      if (i % 5 === 0) await server.req('GET', '/v1/whoami', { token: secret });
    }
    all = created.sort(byCreatedDesc);
    // Refresh lastUsedAt values from the server.
    const res = await server.req('GET', '/v1/keys?limit=500');
    all = ListKeysResponse.parse(await res.json()).keys;
  });
  afterAll(() => server.dispose());

  it('first page defaults to 100, newest first', async () => {
    const body = ListKeysResponse.parse(await (await server.req('GET', '/v1/keys')).json());
    expect(body.keys).toHaveLength(100);
    expect(body.nextCursor).not.toBeNull();
    expect(body.keys).toEqual([...body.keys].sort(byCreatedDesc));
  });

  it.each([1, 7, 100, 249, 250, 500])('walking with limit=%i gives every key once, in order', async (limit) => {
    const seen = await walk(server, '', limit);
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((k) => k.id)).size).toBe(250);
    expect(seen).toEqual(all);
    expect(seen).toEqual([...seen].sort(byCreatedDesc));
  });

  it('keys created or deleted mid-walk cause no duplicates or gaps among the rest', async () => {
    const victims = new Set([all[120]!.id, all[200]!.id]);
    const added: string[] = [];
    const seen = await walk(server, '', 25, async (page) => {
      if (page === 1) {
        for (const id of victims) expect((await server.req('DELETE', `/v1/keys/${id}`)).status).toBe(204);
        // Newer than everything: belongs before the cursor, so not in later pages.
        added.push((await server.createKey('late arrival')).key.id);
      }
    });
    const ids = seen.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((k) => k.id).filter((id) => !victims.has(id)));
    expect(ids).not.toContain(added[0]);
    // Put the world back for the other tests.
    for (const id of added) await server.req('DELETE', `/v1/keys/${id}`);
    all = all.filter((k) => !victims.has(k.id));
  });

  const nullHigh = (v: string | null) => v ?? '\uffff';
  const nullLow = (v: string | null) => v ?? '';
  const sortValue: Record<ListSort, (k: KeyMeta) => string> = {
    createdAt: (k) => k.createdAt,
    expiresAt: (k) => nullHigh(k.expiresAt),
    name: (k) => k.name.toLowerCase(),
    lastUsedAt: (k) => nullLow(k.lastUsedAt),
  };
  const sorts: Array<[ListSort, ListOrder]> = (['createdAt', 'expiresAt', 'name', 'lastUsedAt'] as const).flatMap((s) =>
    (['asc', 'desc'] as const).map((o): [ListSort, ListOrder] => [s, o]),
  );

  it.each(sorts)('sort=%s order=%s walks every key once in that order', async (sort, order) => {
    const seen = await walk(server, `&sort=${sort}&order=${order}`, 13);
    const sign = order === 'asc' ? 1 : -1;
    const expected = [...all].sort((a, b) => {
      const va = sortValue[sort](a);
      const vb = sortValue[sort](b);
      if (va !== vb) return (va < vb ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
    });
    expect(seen.map((k) => k.id)).toEqual(expected.map((k) => k.id));
  });

  it('order defaults per sort', async () => {
    const body = ListKeysResponse.parse(await (await server.req('GET', '/v1/keys?sort=name&limit=500')).json());
    const explicit = ListKeysResponse.parse(await (await server.req(`GET`, `/v1/keys?sort=name&order=${DEFAULT_ORDER.name}&limit=500`)).json());
    expect(body.keys).toEqual(explicit.keys);
  });

  it('filters by status and expiresBefore, and pages through the filtered set', async () => {
    const saved = clock.now;
    clock.now = T0 + 3_600_000 + 3000; // some keys have expired by now
    try {
      const expired = await walk(server, '&status=expired', 9);
      const active = await walk(server, '&status=active', 9);
      const now = new Date(clock.now).toISOString();
      expect(expired.length).toBeGreaterThan(0);
      expect(active.length).toBeGreaterThan(0);
      expect(expired.every((k) => k.status === 'expired' && k.expiresAt !== null && k.expiresAt <= now)).toBe(true);
      expect(active.every((k) => k.status === 'active')).toBe(true);
      expect(expired.length + active.length).toBe(all.length);

      const before = new Date(T0 + 3_600_000 + 2000).toISOString();
      const soon = await walk(server, `&expiresBefore=${encodeURIComponent(before)}&sort=expiresAt`, 5);
      expect(soon.map((k) => k.id).sort()).toEqual(
        all
          .filter((k) => k.expiresAt !== null && k.expiresAt < before)
          .map((k) => k.id)
          .sort(),
      );
    } finally {
      clock.now = saved;
    }
  });
});

// SQLite's plans; PostgreSQL's list statements walk the same (column, id) indexes.
describe.skipIf(onPostgres)('list query plan', () => {
  const db = openDb(':memory:');
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ afterValue: 0, afterId: 'key_x', now: 0, expiresBefore: 0, limit: 10 }) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  const indexFor: Record<ListSort, string> = {
    createdAt: 'keys_created_id',
    expiresAt: 'keys_expires_id',
    name: 'keys_name_id',
    lastUsedAt: 'keys_last_used_id',
  };
  const cases = (['createdAt', 'expiresAt', 'name', 'lastUsedAt'] as const).flatMap((sort) =>
    (['asc', 'desc'] as const).flatMap((order) => [true, false].map((hasCursor) => ({ sort, order, hasCursor }))),
  );

  it.each(cases)('$sort $order cursor=$hasCursor walks its index without sorting', ({ sort, order, hasCursor }) => {
    const detail = plan(buildListSql({ sort, order, hasCursor, status: undefined, expiresBefore: undefined }));
    expect(detail).toContain(`INDEX ${indexFor[sort]}`);
    expect(detail).not.toContain('TEMP B-TREE');
    // With a cursor it must seek to it, not scan from the start and filter.
    if (hasCursor) expect(detail).toMatch(/^SEARCH .*\(\(\w+,id\)[<>]\(\?,\?\)\)/);
  });

  it('the default list (createdAt desc) with a status filter still uses the index', () => {
    const detail = plan(buildListSql({ sort: 'createdAt', order: 'desc', hasCursor: true, status: 'active', expiresBefore: undefined }));
    expect(detail).toContain('INDEX keys_created_id');
    expect(detail).not.toContain('TEMP B-TREE');
  });
});
