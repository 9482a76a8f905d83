// Starts reading the raw first-screen record while the popup's main modules
// (~84 KB) are still loading, so the IndexedDB round trip overlaps them
// (docs/benchmarks.md). An unlisted script, built on its own as a classic
// script: popup.html runs it during parsing, before the module chunks (which
// are deferred) have even downloaded. As a module, Vite folded it into the
// popup's entry chunk and it overlapped nothing. Its imports are inlined at
// build time and must stay tiny (plain IndexedDB, the layout constants). The
// value is NOT trusted here; the popup parses it with zod like any stored value,
// and uses it only if it belongs to the connection it shows (the id travels with it).
import { FIRST_SCREEN_ID } from '../lib/shared/cache/layout';
import { CURRENT_KEY } from '../lib/shared/settings/connection-keys';
import { readRawRecord } from '../lib/page/cache-raw';

interface StorageGlobal {
  chrome?: { storage?: { local?: { get(key: string): Promise<Record<string, unknown>> } } };
}

export default defineUnlistedScript(() => {
  const local = (globalThis as StorageGlobal).chrome?.storage?.local;
  (globalThis as { __wbkEarlyFirstScreen?: Promise<{ connectionId: string; record: unknown } | undefined> }).__wbkEarlyFirstScreen = local
    ?.get(CURRENT_KEY)
    .then((stored) => {
      const id = stored[CURRENT_KEY];
      return typeof id === 'string' ? readRawRecord(id, FIRST_SCREEN_ID).then((record) => ({ connectionId: id, record })) : undefined;
    })
    .catch(() => undefined);
});
