// The key list cache in IndexedDB, so the popup can paint at once and the list
// survives a worker restart. Metadata only: records are built field by field
// from KeyMeta, so a secret can never be stored even if one is passed by mistake.
//
// The popup opens this directly (same extension origin), so this module must
// stay small: no browser.* polyfill, no API client.
import { wrap, type IDBPDatabase } from 'idb';
import { z } from '../api/zod';
import { IsoInstant, KeyMeta } from '../api/schemas';
import type { KeysSnapshot } from '../messages/protocol';

export const CACHE_DB = 'workbase-cache';
export const CACHE_VERSION = 1;
const KEYS = 'keys';
const META = 'meta';
const META_ID = 'sync';

/** Exactly the KeyMeta fields, nothing else. */
export type CacheRecord = Pick<KeyMeta, 'id' | 'name' | 'hint' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'status'>;

export function toCacheRecord(key: KeyMeta): CacheRecord {
  return {
    id: key.id,
    name: key.name,
    hint: key.hint,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    status: key.status,
  };
}

const Meta = z.object({ apiUrl: z.string(), syncedAt: z.nullable(IsoInstant) });

export interface CachedSnapshot extends KeysSnapshot {
  /** The API the cached list belongs to; null when nothing was ever synced. */
  apiUrl: string | null;
  /** Records that failed to parse and were left out. */
  skipped: number;
}

export interface KeysCache {
  readSnapshot(): Promise<CachedSnapshot>;
  replaceAll(apiUrl: string, keys: readonly KeyMeta[], syncedAt: string): Promise<void>;
  upsert(key: KeyMeta): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

/** Newest first; ties by id so the order is stable. */
export function compareKeys(a: KeyMeta, b: KeyMeta): number {
  const diff = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  if (diff !== 0) return diff;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function openKeysCache(idbFactory: IDBFactory = indexedDB): Promise<KeysCache> {
  const request = idbFactory.open(CACHE_DB, CACHE_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(KEYS)) {
      db.createObjectStore(KEYS, { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
    }
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
  };
  const opened: IDBPDatabase | undefined = await wrap(request);
  if (!opened) throw new Error('The key cache could not be opened.');
  const db = opened;
  // Let a newer version (another extension page after an update) take over instead of blocking it.
  db.addEventListener('versionchange', () => db.close());

  return {
    async readSnapshot() {
      const tx = db.transaction([KEYS, META], 'readonly');
      const [records, metaRaw] = await Promise.all([tx.objectStore(KEYS).getAll(), tx.objectStore(META).get(META_ID), tx.done]);
      const keys: KeyMeta[] = [];
      let skipped = 0;
      for (const record of records) {
        const parsed = KeyMeta.safeParse(record);
        if (parsed.success) keys.push(toCacheRecord(parsed.data));
        else skipped++;
      }
      keys.sort(compareKeys);
      const meta = Meta.safeParse(metaRaw);
      return {
        keys,
        syncedAt: meta.success ? meta.data.syncedAt : null,
        apiUrl: meta.success ? meta.data.apiUrl : null,
        skipped,
      };
    },
    async replaceAll(apiUrl, keys, syncedAt) {
      // One transaction: readers see the old list or the new one, never half.
      const tx = db.transaction([KEYS, META], 'readwrite');
      const store = tx.objectStore(KEYS);
      const writes: Promise<unknown>[] = [store.clear()];
      for (const key of keys) writes.push(store.put(toCacheRecord(key)));
      writes.push(tx.objectStore(META).put({ apiUrl, syncedAt }, META_ID), tx.done);
      await Promise.all(writes);
    },
    async upsert(key) {
      await db.put(KEYS, toCacheRecord(key));
    },
    async remove(id) {
      await db.delete(KEYS, id);
    },
    async clear() {
      const tx = db.transaction([KEYS, META], 'readwrite');
      await Promise.all([tx.objectStore(KEYS).clear(), tx.objectStore(META).clear(), tx.done]);
    },
    close() {
      db.close();
    },
  };
}
