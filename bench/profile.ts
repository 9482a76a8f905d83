// Where the popup's time goes: a CPU profile of one popup load (CDP
// Profiler on the page, across a reload so the session sees the whole load),
// and a direct timing of the IndexedDB read the popup starts with.
import type { ExtensionBrowser } from '../testkit/browser';
import { selfTimes, type CpuProfile } from './cdp';
import { addProbe, waitForQuiet } from './page-probe';
import { CACHE_STORE, LIST_ID } from '../lib/shared/cache/layout';
import { currentCacheDb } from './setup';

export interface PopupProfile {
  keysPainted: number;
  top: { fn: string; ms: number }[];
  /** IndexedDB open, then a get of the one list record alone, in the popup page, no parsing (medians of 5). */
  idbOpenMs: number;
  idbGetAllMs: number;
  records: number;
}

export async function profilePopupLoad(ext: ExtensionBrowser): Promise<PopupProfile> {
  const page = await ext.context.newPage();
  await addProbe(page);
  await page.goto(ext.url('popup'));
  await waitForQuiet(page);
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0);
  const keysPainted = await page.evaluate(() => performance.getEntriesByName('keys-painted')[0]!.startTime);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  await waitForQuiet(page);
  const idb = await page.evaluate(
    async ({ dbName, store, listId }) => {
      const opens: number[] = [];
      const reads: number[] = [];
      let records = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open(dbName);
          open.onerror = () => reject(new Error('open failed'));
          open.onsuccess = () => {
            const db = open.result;
            const t1 = performance.now();
            // Cache v2: the whole list is one record.
            const req = db.transaction(store, 'readonly').objectStore(store).get(listId);
            req.onsuccess = () => {
              records = (req.result as { keys: unknown[] }).keys.length; // .result deserializes the records
              reads.push(performance.now() - t1);
              opens.push(t1 - t0);
              db.close();
              resolve();
            };
            req.onerror = () => reject(new Error('getAll failed'));
          };
        });
      }
      opens.sort((a, b) => a - b);
      reads.sort((a, b) => a - b);
      return { open: opens[2]!, read: reads[2]!, records };
    },
    { dbName: await currentCacheDb(page), store: CACHE_STORE, listId: LIST_ID },
  );
  await page.close();
  return { keysPainted, top: selfTimes(profile, 12), idbOpenMs: idb.open, idbGetAllMs: idb.read, records: idb.records };
}
