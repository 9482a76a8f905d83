import { beforeEach, describe, expect, it } from 'vitest';
// idb checks `instanceof IDBRequest` etc. against globals: install fake-indexeddb's, then use a fresh factory per test.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { CACHE_DB, openKeysCache, toCacheRecord } from '../../lib/cache/keys-cache';
import type { KeyMeta } from '../../lib/api/schemas';

const SECRET = 'wbk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const API = 'https://keys.example.com';

function key(n: number, over: Partial<KeyMeta> = {}): KeyMeta {
  return {
    id: `key_${String(n).padStart(20, '0')}`,
    name: `Key ${n}`,
    hint: 'wbk_…abcd',
    createdAt: new Date(Date.UTC(2030, 0, 1) + n * 1000).toISOString(),
    expiresAt: null,
    lastUsedAt: null,
    status: 'active',
    ...over,
  };
}

let factory: IDBFactory;
beforeEach(() => {
  factory = new IDBFactory();
});

/** Every value stored in the cache database, as JSON. */
async function dump(): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(CACHE_DB);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
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
    const cache = await openKeysCache(factory);
    expect(await cache.readSnapshot()).toEqual({ keys: [], syncedAt: null, apiUrl: null, skipped: 0 });
    cache.close();
  });

  it('replaceAll then readSnapshot: newest first, with syncedAt and apiUrl', async () => {
    const cache = await openKeysCache(factory);
    await cache.replaceAll(API, [key(1), key(3), key(2)], '2030-01-02T00:00:00.000Z');
    const snap = await cache.readSnapshot();
    expect(snap.keys.map((k) => k.name)).toEqual(['Key 3', 'Key 2', 'Key 1']);
    expect(snap).toMatchObject({ syncedAt: '2030-01-02T00:00:00.000Z', apiUrl: API, skipped: 0 });
    await cache.replaceAll(API, [key(5)], '2030-01-03T00:00:00.000Z');
    expect((await cache.readSnapshot()).keys.map((k) => k.name)).toEqual(['Key 5']);
    cache.close();
  });

  it('sorts by instant, not by text, across offsets', async () => {
    const cache = await openKeysCache(factory);
    await cache.replaceAll(API, [key(1, { createdAt: '2030-01-01T10:00:00+02:00' }), key(2, { createdAt: '2030-01-01T09:00:00Z' })], '2030-01-02T00:00:00Z');
    expect((await cache.readSnapshot()).keys.map((k) => k.name)).toEqual(['Key 2', 'Key 1']);
    cache.close();
  });

  it('upsert and remove', async () => {
    const cache = await openKeysCache(factory);
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
    expect(Object.keys(toCacheRecord(withSecret)).sort()).toEqual(['createdAt', 'expiresAt', 'hint', 'id', 'lastUsedAt', 'name', 'status']);
    const cache = await openKeysCache(factory);
    await cache.replaceAll(API, [withSecret], '2030-01-02T00:00:00Z');
    await cache.upsert({ ...key(2), secret: SECRET } as KeyMeta);
    cache.close();
    const stored = await dump();
    expect(stored).toContain(key(2).id);
    expect(stored).not.toContain(SECRET);
  });

  it('skips and counts corrupt records instead of crashing', async () => {
    const cache = await openKeysCache(factory);
    await cache.replaceAll(API, [key(1)], '2030-01-02T00:00:00Z');
    cache.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open(CACHE_DB);
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put({ id: 'garbage', name: 42 });
      tx.objectStore('keys').put({ ...key(2), createdAt: 'yesterday' });
      tx.oncomplete = () => resolve();
    });
    db.close();
    const again = await openKeysCache(factory);
    const snap = await again.readSnapshot();
    expect(snap.keys.map((k) => k.name)).toEqual(['Key 1']);
    expect(snap.skipped).toBe(2);
    again.close();
  });

  it('writes 10,000 keys in one transaction, fast', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => key(i));
    const cache = await openKeysCache(factory);
    const started = performance.now();
    await cache.replaceAll(API, keys, '2030-01-02T00:00:00Z');
    const wrote = performance.now() - started;
    const readStarted = performance.now();
    const snap = await cache.readSnapshot();
    const read = performance.now() - readStarted;
    console.log(`keys cache (fake-indexeddb): replaceAll 10k in ${wrote.toFixed(0)} ms, readSnapshot in ${read.toFixed(0)} ms`);
    expect(snap.keys).toHaveLength(10_000);
    expect(snap.keys[0]?.name).toBe('Key 9999');
    cache.close();
  });
});
