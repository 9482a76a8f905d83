// Raw reads of the key cache for pages: plain IndexedDB, no wrapper, no
// parsing, so entrypoints/early-read.ts (a classic script that must stay tiny)
// can use it as well as the popup. Pages never create or upgrade the database:
// the worker owns its layout (lib/worker/stores/keys-cache.ts). A missing or
// older database reads as undefined, and the next sync fills it.
import { cacheDbName, CACHE_STORE, CACHE_VERSION } from '../shared/cache/layout';

/** One record of one connection's cache, unparsed; undefined when absent or unreadable. Never throws. */
export function readRawRecord(connectionId: string, id: string, factory: IDBFactory = indexedDB): Promise<unknown> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(cacheDbName(connectionId), CACHE_VERSION);
    } catch {
      return resolve(undefined);
    }
    // No database, or an older layout: don't create or upgrade it from a page; the worker does that properly.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
    request.onsuccess = () => {
      const db = request.result;
      try {
        const get = db.transaction(CACHE_STORE, 'readonly').objectStore(CACHE_STORE).get(id);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
      db.close(); // closes once the read's transaction is done
    };
  });
}
