// Popup measurements in real headless Chromium: opening it over a warm cache,
// opening it cold (empty cache, stopped worker), and typing into search.
import type { Page } from '@playwright/test';
import { stopServiceWorker, type ExtensionBrowser } from '../testkit/browser';
import { addProbe, paintTimes, waitForQuiet } from './page-probe';
import { currentCacheDb } from './setup';

export interface OpenSample {
  keysPainted: number;
  fcp: number;
  /** The popup's own marks: every module evaluated, then the cached list read and parsed. */
  script: number;
  cacheRead: number;
  /** The first-screen record read and parsed (null in builds before it existed, or when it was unusable). */
  firstScreen: number | null;
  /** The probe's first animation frame with a key row (the popup's own mark waits for an effect, then a frame). */
  rowsVisible: number | null;
}

async function openPopup(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await addProbe(page);
  await page.goto(ext.url('popup'));
  return page;
}

/**
 * Opens the popup `runs` times over a warm cache. Each open waits for the
 * popup's own sync to finish before closing, so opens do not overlap syncs.
 */
export async function cachedOpens(ext: ExtensionBrowser, runs: number, expectRows: boolean): Promise<OpenSample[]> {
  const samples: OpenSample[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await openPopup(ext);
    await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0, undefined, { timeout: 60_000 });
    await waitForQuiet(page);
    const t = await paintTimes(page);
    if (expectRows && t.rows === 0) throw new Error('the popup painted without key rows over a warm cache');
    const marks = await page.evaluate(() => ({
      script: performance.getEntriesByName('popup-script')[0]?.startTime ?? null,
      cacheRead: performance.getEntriesByName('cache-read')[0]?.startTime ?? null,
      firstScreen: performance.getEntriesByName('first-screen-read')[0]?.startTime ?? null,
    }));
    if (t.keysPainted === null || t.fcp === null || marks.script === null || marks.cacheRead === null)
      throw new Error('popup marks missing: rebuild (BENCH_REBUILD=1)?');
    samples.push({
      keysPainted: t.keysPainted,
      fcp: t.fcp,
      script: marks.script,
      cacheRead: marks.cacheRead,
      firstScreen: marks.firstScreen,
      rowsVisible: t.rowsVisible,
    });
    await page.close();
  }
  return samples;
}

/** The popup's rendered document with its scripts removed: the floor page's markup. */
export async function staticSnapshot(ext: ExtensionBrowser): Promise<string> {
  const page = await openPopup(ext);
  await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0);
  await waitForQuiet(page);
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true) as HTMLElement;
    doc.querySelectorAll('script, link[rel="modulepreload"]').forEach((el) => el.remove());
    return `<!DOCTYPE html>\n${doc.outerHTML}`;
  });
  await page.close();
  return html;
}

async function clearCache(ext: ExtensionBrowser): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  const dbName = await currentCacheDb(page);
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        // The worker's open connection closes itself on versionchange, so this is not blocked for long.
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(new Error('deleteDatabase failed'));
      }),
    dbName,
  );
  await page.close();
}

export interface ColdSample {
  fcp: number;
  rowsVisible: number;
}

/** Empty cache and a stopped worker: time to the first paint, and to the full list from the first sync. */
export async function coldOpens(ext: ExtensionBrowser, runs: number): Promise<ColdSample[]> {
  const samples: ColdSample[] = [];
  for (let i = 0; i < runs; i++) {
    await clearCache(ext);
    await stopServiceWorker(ext);
    const page = await openPopup(ext);
    await page.waitForFunction(() => performance.getEntriesByName('rows-visible').length > 0, undefined, { timeout: 120_000 });
    await waitForQuiet(page);
    const t = await paintTimes(page);
    if (t.fcp === null || t.rowsVisible === null) throw new Error('cold popup paint marks missing');
    samples.push({ fcp: t.fcp, rowsVisible: t.rowsVisible });
    await page.close();
  }
  return samples;
}

export interface SearchSample {
  /** The search box's value after this keystroke. */
  value: string;
  /** Input event → Preact committed the filtered list and layout is done (forced). */
  work: number;
  /** Input event → the next animation frame after that render. */
  frame: number;
}

/** Types queries one keystroke at a time into "Search keys" and times each keystroke inside the page. */
export async function searchKeystrokes(ext: ExtensionBrowser, queries: readonly string[]): Promise<SearchSample[]> {
  const page = await openPopup(ext);
  await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0);
  await waitForQuiet(page);
  const search = page.getByRole('searchbox', { name: 'Search keys' });
  await search.focus();
  const samples = await search.evaluate(async (input: HTMLInputElement, qs: readonly string[]) => {
    const out: { value: string; work: number; frame: number }[] = [];
    const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
    for (const q of qs) {
      // Keystrokes, then the same number of backspaces back to the full list.
      const steps = [
        ...Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)),
        ...Array.from({ length: q.length }, (_, i) => q.slice(0, q.length - 1 - i)),
      ];
      for (const value of steps) {
        await nextFrame(); // start on a fresh frame, like a real keystroke
        input.value = value;
        const t0 = performance.now();
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: value.slice(-1) }));
        await Promise.resolve(); // Preact renders in a microtask queued by the handler
        document.body.getBoundingClientRect(); // include style + layout of the new rows
        const t1 = performance.now();
        const t2 = await nextFrame();
        out.push({ value, work: t1 - t0, frame: t2 - t0 });
      }
    }
    return out;
  }, queries);
  // A sanity check that the filtering really happened.
  await search.fill('seed key 4242');
  await page.getByText(/^\d+ of \d+$/).waitFor();
  await page.close();
  return samples;
}
