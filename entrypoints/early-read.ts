// Starts reading the raw first-screen record while the popup's main modules
// (~84 KB) are still loading, so the IndexedDB round trip overlaps them
// (docs/benchmarks.md). An unlisted script, built on its own as a classic
// script: popup.html runs it during parsing, before the module chunks (which
// are deferred) have even downloaded. As a module, Vite folded it into the
// popup's entry chunk and it overlapped nothing. No imports: it must stay
// tiny. The value is NOT trusted here; the popup parses it with zod like any
// stored value.
const DB = 'workbase-cache'; // = CACHE_DB in lib/cache/keys-cache.ts
const STORE = 'snapshot';
const FIRST_ID = 'first-screen';

function readRaw(): Promise<unknown> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB);
    } catch {
      return resolve(undefined);
    }
    // No database yet: don't create one at the wrong version; the cache module creates it properly.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
    request.onsuccess = () => {
      const db = request.result;
      try {
        if (!db.objectStoreNames.contains(STORE)) throw new Error('old cache layout');
        const get = db.transaction(STORE, 'readonly').objectStore(STORE).get(FIRST_ID);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
      db.close();
    };
  });
}

export default defineUnlistedScript(() => {
  (globalThis as { __wbkEarlyFirstScreen?: Promise<unknown> }).__wbkEarlyFirstScreen = readRaw();
});
