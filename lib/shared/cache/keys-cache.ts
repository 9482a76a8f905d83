// The key list cache in IndexedDB, so the popup can paint at once and the list
// survives a worker restart. Metadata only: records are built field by field
// from KeyMeta, so a secret can never be stored even if one is passed by mistake.
//
// Two records (version 2): the whole list as ONE value (one put/get instead of
// 10,000: docs/benchmarks.md), and a small "first screen" record the popup
// paints from before it reads the whole list. Everything read back is parsed
// with zod; a corrupt record or key is skipped and the next sync rewrites it.
//
// The popup opens this directly (same extension origin), so this module must
// stay small: no browser.* polyfill, no API client.
import { wrap, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { z } from '../contract/zod';
import { IsoInstant, KeyMeta } from '../contract/schemas';
import type { KeysSnapshot } from '../messages/keys-sync';
import { buildFirstScreen } from './first-screen';
import { toCacheRecord } from './record';
import { sortNewestFirst } from './order';

export const CACHE_DB = 'workbase-cache';
export const CACHE_VERSION = 2;
const STORE = 'snapshot';
const LIST_ID = 'list';
const FIRST_ID = 'first-screen';

// The envelopes are checked here; each key inside is checked on its own so one bad key doesn't lose the list.
const ListRecord = z.object({ apiUrl: z.string(), syncedAt: z.nullable(IsoInstant), keys: z.array(z.unknown()) });
const Count = z.int().check(z.gte(0));
const Ascending = z.custom<Float64Array>((v) => {
  if (!(v instanceof Float64Array)) return false;
  for (let i = 1; i < v.length; i++) if (!(v[i - 1]! <= v[i]!)) return false;
  return true;
});
const FirstScreenEnvelope = z.object({
  apiUrl: z.string(),
  syncedAt: z.nullable(IsoInstant),
  keys: z.array(z.unknown()),
  total: Count,
  never: Count,
  expiredByStatus: Count,
  expiries: Ascending,
});

export interface CachedSnapshot extends KeysSnapshot {
  /** The API the cached list belongs to; null when nothing was ever synced. */
  apiUrl: string | null;
  /** Records that failed to parse and were left out. */
  skipped: number;
}

/** The popup's first screen: a few keys (newest first) and exact filter-count inputs for the whole list. */
export interface FirstScreen {
  apiUrl: string;
  syncedAt: string | null;
  keys: KeyMeta[];
  total: number;
  never: number;
  expiredByStatus: number;
  expiries: Float64Array;
}

export interface KeysCache {
  readSnapshot(): Promise<CachedSnapshot>;
  replaceAll(apiUrl: string, keys: readonly KeyMeta[], syncedAt: string): Promise<void>;
  upsert(key: KeyMeta): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

function parseKeys(raw: readonly unknown[]): { keys: KeyMeta[]; skipped: number } {
  const keys: KeyMeta[] = [];
  let skipped = 0;
  for (const record of raw) {
    const parsed = KeyMeta.safeParse(record);
    if (parsed.success) keys.push(toCacheRecord(parsed.data));
    else skipped++;
  }
  return { keys, skipped };
}

/** Validates a raw first-screen record (read here or by the popup's early reader); null when absent or unusable. */
export function parseFirstScreen(raw: unknown): FirstScreen | null {
  const parsed = FirstScreenEnvelope.safeParse(raw);
  if (!parsed.success) return null;
  const { keys, skipped } = parseKeys(parsed.data.keys);
  // A bad key here would leave a hole in the first rows: fall back to the full list instead.
  if (skipped) return null;
  return { ...parsed.data, keys };
}

export async function openKeysCache(
  idbFactory: IDBFactory = indexedDB,
  clock: () => number = Date.now,
): Promise<KeysCache & { readFirstScreen(): Promise<FirstScreen | null> }> {
  const request = idbFactory.open(CACHE_DB, CACHE_VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    // Version 1 kept one record per key: drop it; the next sync fills the new store.
    for (const old of ['keys', 'meta']) if (db.objectStoreNames.contains(old)) db.deleteObjectStore(old);
    if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
  };
  const opened: IDBPDatabase | undefined = await wrap(request);
  if (!opened) throw new Error('The key cache could not be opened.');
  const db = opened;
  // Let a newer version (another extension page after an update) take over instead of blocking it.
  db.addEventListener('versionchange', () => db.close());

  type Store = IDBPObjectStore<unknown, [typeof STORE], typeof STORE, 'readwrite'>;
  type ParsedList = { apiUrl: string; syncedAt: string | null; keys: KeyMeta[]; skipped: number };

  /** The list record: absent, corrupt, or parsed (bad keys left out and counted). */
  function parseList(raw: unknown): 'absent' | 'corrupt' | ParsedList {
    if (raw === undefined) return 'absent';
    const parsed = ListRecord.safeParse(raw);
    if (!parsed.success) return 'corrupt';
    return { apiUrl: parsed.data.apiUrl, syncedAt: parsed.data.syncedAt, ...parseKeys(parsed.data.keys) };
  }

  /** Puts the list (sorted, secret-free) and its first screen in the caller's transaction. */
  function put(store: Store, apiUrl: string, syncedAt: string | null, keys: readonly KeyMeta[]): Promise<unknown>[] {
    const records = sortNewestFirst(keys.map(toCacheRecord));
    return [store.put({ apiUrl, syncedAt, keys: records }, LIST_ID), store.put(buildFirstScreen(apiUrl, syncedAt, records, clock()), FIRST_ID)];
  }

  /** Read-modify-write in ONE transaction, so two quick edits can't lose each other. Nothing to edit before the first sync (that sync brings the key). */
  async function edit(change: (keys: KeyMeta[]) => KeyMeta[]): Promise<void> {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const list = parseList(await store.get(LIST_ID));
    if (typeof list !== 'string') await Promise.all(put(store, list.apiUrl, list.syncedAt, change(list.keys)));
    await tx.done;
  }

  return {
    async readSnapshot() {
      const list = parseList(await db.get(STORE, LIST_ID));
      if (typeof list === 'string') return { keys: [], syncedAt: null, apiUrl: null, skipped: list === 'corrupt' ? 1 : 0 };
      // Stored sorted; sorting again (linear on sorted input) keeps the promise whatever is on disk.
      return { keys: sortNewestFirst(list.keys), syncedAt: list.syncedAt, apiUrl: list.apiUrl, skipped: list.skipped };
    },
    async readFirstScreen() {
      return parseFirstScreen(await db.get(STORE, FIRST_ID));
    },
    async replaceAll(apiUrl, keys, syncedAt) {
      const tx = db.transaction(STORE, 'readwrite');
      await Promise.all([...put(tx.objectStore(STORE), apiUrl, syncedAt, keys), tx.done]);
    },
    async upsert(key) {
      await edit((keys) => [...keys.filter((k) => k.id !== key.id), key]);
    },
    async remove(id) {
      await edit((keys) => keys.filter((k) => k.id !== id));
    },
    async clear() {
      await db.clear(STORE);
    },
    close() {
      db.close();
    },
  };
}
