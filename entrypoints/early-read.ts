// Starts reading the raw first-screen record while the popup's main modules
// (~84 KB) are still loading, so the IndexedDB round trip overlaps them
// (docs/benchmarks.md). An unlisted script, built on its own as a classic
// script: popup.html runs it during parsing, before the module chunks (which
// are deferred) have even downloaded. As a module, Vite folded it into the
// popup's entry chunk and it overlapped nothing. Its imports are inlined at
// build time and must stay tiny (plain IndexedDB, the layout constants). The
// value is NOT trusted here; the popup parses it with zod like any stored value.
import { FIRST_SCREEN_ID } from '../lib/shared/cache/layout';
import { readRawRecord } from '../lib/page/cache-raw';

export default defineUnlistedScript(() => {
  (globalThis as { __wbkEarlyFirstScreen?: Promise<unknown> }).__wbkEarlyFirstScreen = readRawRecord(FIRST_SCREEN_ID);
});
