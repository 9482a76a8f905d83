// Measured alternatives for the popup's slow steps at large N, run on the
// real cached records in the popup page: so docs/benchmarks.md proposes fixes
// with numbers, not guesses. Touches only a scratch database of its own.
import type { ExtensionBrowser } from '../testkit/browser';
import { addProbe, waitForQuiet } from './page-probe';
import { CACHE_STORE, LIST_ID } from '../lib/shared/cache/layout';
import { currentCacheDb } from './setup';

export interface WhatIf {
  records: number;
  /** Sorting newest-first (medians of 5, warm JIT, ms). */
  sortDateParseInComparator: number;
  sortIsoStringCompare: number;
  sortParseOncePerKey: number;
  /** Reading the list (median of 5, ms). */
  getAllPerKeyRecords: number;
  getOneSnapshotRecord: number;
  /** Newest 15 through the createdAt index, one cursor (ms). */
  cursorFirstScreen: number;
  /** Writing all keys as one record (ms). */
  putOneSnapshotRecord: number;
}

interface Rec {
  id: string;
  createdAt: string;
}

export async function whatIfs(ext: ExtensionBrowser): Promise<WhatIf> {
  const page = await ext.context.newPage();
  await addProbe(page);
  await page.goto(ext.url('popup'));
  await waitForQuiet(page);
  const result = await page.evaluate(
    async ({ dbName, store, listId }) => {
      const req = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
        });
      const done = (tx: IDBTransaction) => new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
      const med = async (f: () => unknown) => {
        const t: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          await f();
          t.push(performance.now() - t0);
        }
        return t.sort((a, b) => a - b)[2]!;
      };
      // The cache (version 2) holds the list as one record; the per-key layout it replaced is rebuilt in a scratch database to compare.
      const cache = await req(indexedDB.open(dbName));
      const recs = ((await req(cache.transaction(store).objectStore(store).get(listId))) as { keys: Rec[] }).keys;
      cache.close();
      const perKeyOpen = indexedDB.open('bench-whatif-perkey', 1);
      perKeyOpen.onupgradeneeded = () => perKeyOpen.result.createObjectStore('keys', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      const perKey = await req(perKeyOpen);
      const fill = perKey.transaction('keys', 'readwrite');
      for (const r of recs) fill.objectStore('keys').put(r);
      await done(fill);
      // A fixed shuffle, so every sort starts from the same unsorted order.
      const shuffled = () => {
        const a = recs.slice();
        for (let i = a.length - 1; i > 0; i--) {
          const j = (i * 7919) % (i + 1);
          [a[i], a[j]] = [a[j]!, a[i]!];
        }
        return a;
      };
      const byId = (x: Rec, y: Rec) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      const sortDateParseInComparator = await med(() => shuffled().sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || byId(x, y)));
      const sortIsoStringCompare = await med(() =>
        shuffled().sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : byId(x, y))),
      );
      const sortParseOncePerKey = await med(() =>
        shuffled()
          .map((k) => ({ k, t: Date.parse(k.createdAt) }))
          .sort((x, y) => y.t - x.t || byId(x.k, y.k))
          .map((e) => e.k),
      );
      const getAllPerKeyRecords = await med(() => req(perKey.transaction('keys').objectStore('keys').getAll()));
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        let n = 0;
        const c = perKey.transaction('keys').objectStore('keys').index('createdAt').openCursor(null, 'prev');
        c.onerror = () => reject(c.error ?? new Error('cursor failed'));
        c.onsuccess = () => {
          const cur = c.result;
          if (cur && ++n < 15) cur.continue();
          else resolve();
        };
      });
      const cursorFirstScreen = performance.now() - t0;
      perKey.close();
      await req(indexedDB.deleteDatabase('bench-whatif-perkey'));

      const open = indexedDB.open('bench-whatif', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      const scratch = await req(open);
      const w0 = performance.now();
      const tx = scratch.transaction('s', 'readwrite');
      tx.objectStore('s').put(recs, 'snapshot');
      await done(tx);
      const putOneSnapshotRecord = performance.now() - w0;
      const getOneSnapshotRecord = await med(() => req(scratch.transaction('s').objectStore('s').get('snapshot')));
      scratch.close();
      await req(indexedDB.deleteDatabase('bench-whatif'));
      return {
        records: recs.length,
        sortDateParseInComparator,
        sortIsoStringCompare,
        sortParseOncePerKey,
        getAllPerKeyRecords,
        getOneSnapshotRecord,
        cursorFirstScreen,
        putOneSnapshotRecord,
      };
    },
    { dbName: await currentCacheDb(page), store: CACHE_STORE, listId: LIST_ID },
  );
  await page.close();
  return result;
}
