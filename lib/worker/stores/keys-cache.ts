// The worker's key cache in IndexedDB: the list survives a worker restart and
// the popup paints from it at once. The worker is its only writer and the only
// code that creates or upgrades the database (pages open it read-only:
// lib/page/keys-cache-reader.ts). Two records (lib/shared/cache/layout.ts):
// the whole list as ONE value (one put/get instead of 10,000:
// docs/benchmarks.md), and the small first-screen record.
import { wrap, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import type { KeyMeta } from '../../shared/contract/schemas';
import type { KeysSnapshot } from '../../shared/messages/keys-sync';
import { CACHE_DB, CACHE_STORE, CACHE_VERSION, FIRST_SCREEN_ID, LIST_ID, OLD_STORES } from '../../shared/cache/layout';
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

export async function openKeysCache(idbFactory: IDBFactory = indexedDB, clock: () => number = Date.now): Promise<KeysCache> {
  const request = idbFactory.open(CACHE_DB, CACHE_VERSION);
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
