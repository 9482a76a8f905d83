// The worker's key cache in IndexedDB: the list survives a worker restart and
// the popup paints from it at once. The worker is its only writer and the only
// code that creates or upgrades the database (pages open it read-only:
// lib/page/keys-cache-reader.ts). Two records (lib/shared/cache/layout.ts):
// the whole list as ONE value (one put/get instead of 10,000:
// docs/benchmarks.md), and the small first-screen record. One database per
// connection (cacheDbName), so one connection's keys can't be read as another's.
import { wrap, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import type { KeyMeta } from '../../shared/contract/schemas';
import type { KeysSnapshot } from '../../shared/messages/keys-sync';
import { cacheDbName, CACHE_STORE, CACHE_VERSION, FIRST_SCREEN_ID, LEGACY_CACHE_DB, LIST_ID, OLD_STORES } from '../../shared/cache/layout';
import { buildRecords, parseList } from '../../shared/cache/records';

interface CachedSnapshot extends KeysSnapshot {
  /** The API the cached list belongs to; null when nothing was ever synced. */
  apiUrl: string | null;
  /** Records that failed to parse and were left out. */
  skipped: number;
}

export interface KeysCache {
  readSnapshot(): Promise<CachedSnapshot>;
  /** Replaces the list; resolves with what was written (secret-free, newest first), so nobody reads it back. */
  replaceAll(apiUrl: string, keys: readonly KeyMeta[], syncedAt: string): Promise<KeysSnapshot>;
  upsert(key: KeyMeta): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

export async function openKeysCache(connectionId: string, idbFactory: IDBFactory = indexedDB, clock: () => number = Date.now): Promise<KeysCache> {
  return openCacheDb(cacheDbName(connectionId), idbFactory, clock);
}

async function openCacheDb(name: string, idbFactory: IDBFactory, clock: () => number): Promise<KeysCache> {
  const request = idbFactory.open(name, CACHE_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    // Version 1 kept one record per key: drop it; the next sync fills the new store.
    for (const old of OLD_STORES) if (db.objectStoreNames.contains(old)) db.deleteObjectStore(old);
    if (!db.objectStoreNames.contains(CACHE_STORE)) db.createObjectStore(CACHE_STORE);
  };
  const opened: IDBPDatabase | undefined = await wrap(request);
  if (!opened) throw new Error('The key cache could not be opened.');
  const db = opened;
  // Let a newer version (another extension page after an update) take over instead of blocking it.
  db.addEventListener('versionchange', () => db.close());

  // The worker is the only writer, so what it last read or wrote is what is stored: the badge
  // refresh after every write reads this instead of reading and parsing all N keys again.
  let known: CachedSnapshot | undefined;

  type Store = IDBPObjectStore<unknown, [typeof CACHE_STORE], typeof CACHE_STORE, 'readwrite'>;

  /** Puts the list and its first screen in the caller's transaction; returns the list as written. */
  function put(store: Store, apiUrl: string, syncedAt: string | null, keys: readonly KeyMeta[]): { written: KeysSnapshot; puts: Promise<unknown>[] } {
    const { list, firstScreen } = buildRecords(apiUrl, syncedAt, keys, clock());
    return { written: { keys: list.keys, syncedAt }, puts: [store.put(list, LIST_ID), store.put(firstScreen, FIRST_SCREEN_ID)] };
  }

  /** Read-modify-write in ONE transaction, so two quick edits can't lose each other. Nothing to edit before the first sync (that sync brings the key). */
  async function edit(change: (keys: KeyMeta[]) => KeyMeta[]): Promise<void> {
    const tx = db.transaction(CACHE_STORE, 'readwrite');
    const store = tx.objectStore(CACHE_STORE);
    const list = parseList(await store.get(LIST_ID));
    if (typeof list === 'string') {
      await tx.done;
      return;
    }
    const { written, puts } = put(store, list.apiUrl, list.syncedAt, change(list.keys));
    await Promise.all([...puts, tx.done]);
    known = { ...written, apiUrl: list.apiUrl, skipped: list.skipped };
  }

  return {
    async readSnapshot() {
      if (known) return known;
      const list = parseList(await db.get(CACHE_STORE, LIST_ID));
      known =
        typeof list === 'string'
          ? { keys: [], syncedAt: null, apiUrl: null, skipped: list === 'corrupt' ? 1 : 0 }
          : { keys: list.keys, syncedAt: list.syncedAt, apiUrl: list.apiUrl, skipped: list.skipped };
      return known;
    },
    async replaceAll(apiUrl, keys, syncedAt) {
      const tx = db.transaction(CACHE_STORE, 'readwrite');
      const { written, puts } = put(tx.objectStore(CACHE_STORE), apiUrl, syncedAt, keys);
      await Promise.all([...puts, tx.done]);
      known = { ...written, apiUrl, skipped: 0 };
      return written;
    },
    async upsert(key) {
      await edit((keys) => [...keys.filter((k) => k.id !== key.id), key]);
    },
    async remove(id) {
      await edit((keys) => keys.filter((k) => k.id !== id));
    },
    async clear() {
      await db.clear(CACHE_STORE);
      known = { keys: [], syncedAt: null, apiUrl: null, skipped: 0 };
    },
    close() {
      db.close();
    },
  };
}

/** Deletes a connection's cache whole (the connection was removed or its credential forgotten). */
export function deleteKeysCache(connectionId: string, idbFactory: IDBFactory = indexedDB): Promise<void> {
  return deleteDb(cacheDbName(connectionId), idbFactory);
}

function deleteDb(name: string, idbFactory: IDBFactory): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = idbFactory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`Could not delete ${name}.`));
    // Blocked: another page still has it open; it closes on versionchange, then this completes.
  });
}

/**
 * Migration: the cache of the single connection before connections existed
 * moves, records as they are (parsed on every read like any cache), into the
 * first connection's database; then the old database goes. Safe to repeat: a
 * target that already holds a list is kept, and a missing source is a no-op.
 */
export async function moveLegacyCache(toConnectionId: string, idbFactory: IDBFactory = indexedDB): Promise<boolean> {
  const names = (await idbFactory.databases?.()) ?? [];
  if (!names.some((d) => d.name === LEGACY_CACHE_DB)) return false;
  const legacy = await wrap(idbFactory.open(LEGACY_CACHE_DB));
  if (!legacy) return false;
  let records: [unknown, unknown] | null = null;
  if (legacy.objectStoreNames.contains(CACHE_STORE)) {
    records = await Promise.all([legacy.get(CACHE_STORE, LIST_ID), legacy.get(CACHE_STORE, FIRST_SCREEN_ID)]);
  }
  legacy.close();
  if (records && records[0] !== undefined) {
    const target = await openCacheDb(cacheDbName(toConnectionId), idbFactory, Date.now);
    target.close();
    const db = await wrap(idbFactory.open(cacheDbName(toConnectionId), CACHE_VERSION));
    if (!db) return false;
    const tx = db.transaction(CACHE_STORE, 'readwrite');
    const store = tx.objectStore(CACHE_STORE);
    if ((await store.get(LIST_ID)) === undefined) {
      await store.put(records[0], LIST_ID);
      if (records[1] !== undefined) await store.put(records[1], FIRST_SCREEN_ID);
    }
    await tx.done;
    db.close();
  }
  await deleteDb(LEGACY_CACHE_DB, idbFactory);
  return true;
}
