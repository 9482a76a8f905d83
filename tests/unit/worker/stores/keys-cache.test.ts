import { beforeEach, describe, expect, it, vi } from 'vitest';
// idb checks `instanceof IDBRequest` etc. against globals: install fake-indexeddb's, then use a fresh factory per test.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { deleteKeysCache, moveLegacyCache, openKeysCache } from '../../../../lib/worker/stores/keys-cache';
import { cacheDbName, LEGACY_CACHE_DB } from '../../../../lib/shared/cache/layout';
import { toCacheRecord } from '../../../../lib/shared/cache/record';
import { readCachedList, readFirstScreen } from '../../../../lib/page/keys-cache-reader';
import type { KeyMeta } from '../../../../lib/shared/contract/schemas';
import { key } from '../../../support/keys';

const SECRET = 'wbk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const API = 'https://keys.example.com';

let factory: IDBFactory;
beforeEach(() => {
  factory = new IDBFactory();
});

/** Every value stored in the cache database, as JSON. */
async function dump(): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(cacheDbName('c1'));
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('the cache could not be opened'));
  });
  const out: unknown[] = [];
  for (const name of Array.from(db.objectStoreNames)) {
    out.push(
      await new Promise((resolve) => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => resolve(r.result);
      }),
    );
  }
  db.close();
  return JSON.stringify(out);
}

describe('keys cache', () => {
  it('is empty at first', async () => {
    const cache = await openKeysCache('c1', factory);
    expect(await cache.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    cache.close();
  });

  it('replaceAll then readSnapshot: newest first, with syncedAt and apiUrl', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1), key(3), key(2)], '2030-01-02T00:00:00.000Z');
    const snap = await cache.readSnapshot();
    expect(snap.keys.map((k) => k.name)).toEqual(['Key 3', 'Key 2', 'Key 1']);
    expect(snap).toMatchObject({ syncedAt: '2030-01-02T00:00:00.000Z', apiUrl: API, skipped: 0 });
    await cache.replaceAll(API, [key(5)], '2030-01-03T00:00:00.000Z');
    expect((await cache.readSnapshot()).keys.map((k) => k.name)).toEqual(['Key 5']);
    cache.close();
  });

  it('replaceAll resolves with exactly what it wrote (sorted, secret-free), so a sync needs no read-back', async () => {
    const cache = await openKeysCache('c1', factory);
    const written = await cache.replaceAll(API, [key(1), { ...key(3), secret: SECRET } as KeyMeta, key(2)], '2030-01-02T00:00:00.000Z');
    expect(written.keys.map((k) => k.name)).toEqual(['Key 3', 'Key 2', 'Key 1']);
    expect(JSON.stringify(written)).not.toContain(SECRET);
    const { keys, syncedAt } = await cache.readSnapshot();
    expect(written).toEqual({ keys, syncedAt });
    cache.close();
  });

  it('after its own writes, readSnapshot answers from what was written without reading IndexedDB again', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1), key(2)], '2030-01-02T00:00:00Z');
    await cache.upsert(key(3));
    await cache.remove(key(1).id);
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      const snap = await cache.readSnapshot();
      expect(snap.keys.map((k) => k.name)).toEqual(['Key 3', 'Key 2']);
      expect(snap).toMatchObject({ apiUrl: API, syncedAt: '2030-01-02T00:00:00Z', skipped: 0 });
      expect(gets).not.toHaveBeenCalled();
    } finally {
      gets.mockRestore();
    }
    await cache.clear();
    expect(await cache.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    cache.close();
    // A new worker (a new open) reads what the last one wrote.
    const again = await openKeysCache('c1', factory);
    expect((await again.readSnapshot()).keys).toEqual([]);
    again.close();
  });

  it('sorts by instant, not by text, across offsets', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(
      API,
      [key(1, { createdAt: '2030-01-01T10:00:00+02:00' }), key(2, { createdAt: '2030-01-01T09:00:00Z' })],
      '2030-01-02T00:00:00Z',
    );
    expect((await cache.readSnapshot()).keys.map((k) => k.name)).toEqual(['Key 2', 'Key 1']);
    cache.close();
  });

  it('upsert and remove', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1), key(2)], '2030-01-02T00:00:00Z');
    await cache.upsert(key(1, { name: 'Renamed' }));
    await cache.upsert(key(9));
    await cache.remove(key(2).id);
    expect((await cache.readSnapshot()).keys.map((k) => k.name)).toEqual(['Key 9', 'Renamed']);
    await cache.clear();
    expect(await cache.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    cache.close();
  });

  it('never stores a secret, even when passed one by mistake', async () => {
    const withSecret = { ...key(1), secret: SECRET } as KeyMeta;
    expect(toCacheRecord(withSecret)).not.toHaveProperty('secret');
    expect(Object.keys(toCacheRecord(withSecret)).sort()).toEqual([
      'createdAt',
      'createdBy',
      'expiresAt',
      'hint',
      'id',
      'lastUsedAt',
      'name',
      'status',
    ]);
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [withSecret], '2030-01-02T00:00:00Z');
    await cache.upsert({ ...key(2), secret: SECRET } as KeyMeta);
    cache.close();
    const stored = await dump();
    expect(stored).toContain(key(2).id);
    expect(stored).not.toContain(SECRET);
  });

  /** Overwrites one raw record of the cache database, as a corrupt profile might hold. */
  async function putRaw(id: string, value: unknown): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open(cacheDbName('c1'));
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('snapshot', 'readwrite');
      tx.objectStore('snapshot').put(value, id);
      tx.oncomplete = () => resolve();
    });
    db.close();
  }

  it('skips and counts corrupt keys instead of crashing', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1)], '2030-01-02T00:00:00Z');
    cache.close();
    await putRaw('list', {
      apiUrl: API,
      syncedAt: '2030-01-02T00:00:00Z',
      keys: [key(1), { id: 'garbage', name: 42 }, { ...key(2), createdAt: 'yesterday' }],
    });
    const again = await openKeysCache('c1', factory);
    const snap = await again.readSnapshot();
    expect(snap.keys.map((k) => k.name)).toEqual(['Key 1']);
    expect(snap.skipped).toBe(2);
    again.close();
  });

  it('a corrupt list record reads as empty (the next sync rewrites it); a corrupt first screen as null', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1)], '2030-01-02T00:00:00Z');
    cache.close();
    await putRaw('list', 'not a list');
    await putRaw('first-screen', { apiUrl: API, syncedAt: null, keys: [], total: 1, never: 1, expiredByStatus: 0, expiries: [3, 1] });
    const again = await openKeysCache('c1', factory);
    expect(await again.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 1 });
    expect(await readFirstScreen('c1', undefined, factory)).toBeNull();
    await again.replaceAll(API, [key(1)], '2030-01-02T00:00:00Z');
    expect((await again.readSnapshot()).keys).toHaveLength(1);
    again.close();
  });

  it('a first screen with a bad key is ignored (the popup then reads the full list)', async () => {
    const cache = await openKeysCache('c1', factory);
    await cache.replaceAll(API, [key(1)], '2030-01-02T00:00:00Z');
    cache.close();
    await putRaw('first-screen', {
      apiUrl: API,
      syncedAt: null,
      keys: [{ id: 'garbage' }],
      total: 1,
      never: 1,
      expiredByStatus: 0,
      expiries: new Float64Array(),
    });
    const again = await openKeysCache('c1', factory);
    expect(await readFirstScreen('c1', undefined, factory)).toBeNull();
    again.close();
  });

  it('first screen: the newest rows, the soonest-expiring active keys, and exact count inputs', async () => {
    const now = Date.UTC(2030, 0, 2);
    const day = 86_400_000;
    const keys = Array.from({ length: 100 }, (_, i) => key(i));
    keys[3] = key(3, { expiresAt: new Date(now + 2 * day).toISOString() });
    keys[4] = key(4, { expiresAt: new Date(now - day).toISOString() });
    keys[5] = key(5, { status: 'expired' });
    const cache = await openKeysCache('c1', factory, () => now);
    await cache.replaceAll(API, keys, '2030-01-02T00:00:00Z');
    const first = await readFirstScreen('c1', undefined, factory);
    expect(first).not.toBeNull();
    expect(first!.keys.map((k) => k.name)).toEqual([...Array.from({ length: 20 }, (_, i) => `Key ${99 - i}`), 'Key 3']);
    expect(first).toMatchObject({ apiUrl: API, syncedAt: '2030-01-02T00:00:00Z', total: 100, never: 97, expiredByStatus: 1 });
    expect(Array.from(first!.expiries)).toEqual([now - day, now + 2 * day]);
    await cache.remove(key(99).id);
    expect((await readFirstScreen('c1', undefined, factory))!.total).toBe(99);
    cache.close();
  });

  it('upgrades a version-1 database (one record per key) by dropping its stores', async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open(cacheDbName('c1'), 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('keys', { keyPath: 'id' });
        r.result.createObjectStore('meta');
      };
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put(key(1));
      tx.oncomplete = () => resolve();
    });
    db.close();
    const cache = await openKeysCache('c1', factory);
    expect(await cache.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    cache.close();
    expect(await dump()).not.toContain(key(1).id);
  });

  it('writes 10,000 keys in one readwrite transaction', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => key(i));
    const cache = await openKeysCache('c1', factory);
    // idb's wrapper forwards to the database's own transaction(): count what replaceAll opens.
    const opened = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      await cache.replaceAll(API, keys, '2030-01-02T00:00:00Z');
      expect(opened.mock.calls.map(([stores, mode]) => [stores, mode])).toEqual([['snapshot', 'readwrite']]);
    } finally {
      opened.mockRestore();
    }
    const snap = await cache.readSnapshot();
    expect(snap.keys).toHaveLength(10_000);
    expect(snap.keys[0]?.name).toBe('Key 9999');
    expect((await readFirstScreen('c1', undefined, factory))?.total).toBe(10_000);
    cache.close();
  });
});
describe('one cache per connection', () => {
  it('names one database per connection id, and the old single database apart', () => {
    expect(cacheDbName('first')).toBe('workbase-cache.first');
    expect(cacheDbName('org-prod')).toBe('workbase-cache.org-prod');
    expect(cacheDbName('a')).not.toBe(LEGACY_CACHE_DB);
  });

  it("a connection's list is never read under another's id; deleting one leaves the other", async () => {
    const a = await openKeysCache('a', factory);
    const b = await openKeysCache('b', factory);
    await a.replaceAll(API, [key(1)], '2030-01-01T00:00:00.000Z');
    await b.replaceAll('https://other.example.com', [key(2)], '2030-01-01T00:00:00.000Z');
    expect((await readCachedList('a', factory))?.keys.map((k) => k.id)).toEqual([key(1).id]);
    expect((await readCachedList('b', factory))?.keys.map((k) => k.id)).toEqual([key(2).id]);
    a.close();
    await deleteKeysCache('a', factory);
    expect(await readCachedList('a', factory)).toBeNull();
    expect((await readCachedList('b', factory))?.keys).toHaveLength(1);
    b.close();
  });

  it('migration: the old single database moves into the first connection, then goes; repeating is harmless', async () => {
    // The old database had the same layout (version 2) under the old name.
    const old = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open(LEGACY_CACHE_DB, 2);
      r.onupgradeneeded = () => r.result.createObjectStore('snapshot');
      r.onsuccess = () => resolve(r.result);
    });
    const source = await openKeysCache('scratch', factory);
    await source.replaceAll(API, [key(1), key(2)], '2030-01-01T00:00:00.000Z');
    const copy = async (id: string) =>
      new Promise<unknown>((resolve) => {
        const r = factory.open(cacheDbName('scratch'), 2);
        r.onsuccess = () => {
          const g = r.result.transaction('snapshot').objectStore('snapshot').get(id);
          g.onsuccess = () => {
            resolve(g.result);
            r.result.close();
          };
        };
      });
    const [list, first] = [await copy('list'), await copy('first-screen')];
    await new Promise<void>((resolve) => {
      const tx = old.transaction('snapshot', 'readwrite');
      tx.objectStore('snapshot').put(list, 'list');
      tx.objectStore('snapshot').put(first, 'first-screen');
      tx.oncomplete = () => resolve();
    });
    old.close();
    source.close();

    expect(await moveLegacyCache('first', factory)).toBe(true);
    expect((await readCachedList('first', factory))?.keys.map((k) => k.id)).toEqual([key(2).id, key(1).id]);
    expect((await readFirstScreen('first', undefined, factory))?.keys).toHaveLength(2);
    expect((await factory.databases()).map((d) => d.name)).not.toContain(LEGACY_CACHE_DB);
    expect(await moveLegacyCache('first', factory)).toBe(false);
  });
});
