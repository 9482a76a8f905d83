// The background worker: message round trips with no network, and a full
// sync of every page of keys into the cache, with its time and peak JS heap.
import type { Page } from '@playwright/test';
import { stopServiceWorker, type ExtensionBrowser } from '../testkit/browser';
import { attachToWorker, selfTimes, type CpuProfile } from './cdp';
import { addProbe, waitForQuiet } from './page-probe';

/** The page's `chrome`, typed just enough; the bench talks to the worker the way the popup does. */
interface ChromeGlobal {
  chrome: { runtime: { sendMessage: (message: unknown) => Promise<unknown> } };
}

async function quietPopup(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await addProbe(page);
  await page.goto(ext.url('popup'));
  await waitForQuiet(page);
  return page;
}

/** One `connection.get` round trip, timed inside the popup page. */
function roundTrip(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const reply: unknown = await (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: 'connection.get' });
    if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    return performance.now() - t0;
  });
}

export async function roundTrips(ext: ExtensionBrowser, warmRuns: number, restartRuns: number): Promise<{ warm: number[]; afterRestart: number[] }> {
  const page = await quietPopup(ext);
  for (let i = 0; i < 5; i++) await roundTrip(page); // warm-up: JIT, message channel
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await roundTrip(page));
  const afterRestart: number[] = [];
  for (let i = 0; i < restartRuns; i++) {
    await stopServiceWorker(ext);
    afterRestart.push(await roundTrip(page));
  }
  await page.close();
  return { warm, afterRestart };
}

export interface SyncSample {
  ms: number;
  /** Highest Runtime.getHeapUsage usedSize seen during the sync (bytes). */
  peakHeap: number;
  /** usedSize after a forced GC, before the sync. */
  baseHeap: number;
}

/**
 * Times `keys.sync` (fetch every page, parse, replace the cache, reply) from a
 * page, sampling the worker's heap over CDP while it runs. The sampler only
 * sees the heap between the worker's tasks, so the peak is a lower bound.
 */
export async function syncRuns(ext: ExtensionBrowser, runs: number): Promise<SyncSample[]> {
  const page = await quietPopup(ext);
  const samples: SyncSample[] = [];
  for (let i = 0; i < runs; i++) {
    const worker = await attachToWorker(ext, page);
    await worker.call('HeapProfiler.collectGarbage');
    const used = async () => Number((await worker.call('Runtime.getHeapUsage')).usedSize);
    const baseHeap = await used();
    let peakHeap = baseHeap;
    let running = true;
    const sampler = (async () => {
      while (running) {
        peakHeap = Math.max(peakHeap, await used());
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const ms = await page.evaluate(async () => {
      const t0 = performance.now();
      const reply: unknown = await (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: 'keys.sync' });
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new Error(`sync failed: ${JSON.stringify(reply).slice(0, 300)}`);
      return performance.now() - t0;
    });
    running = false;
    await sampler;
    peakHeap = Math.max(peakHeap, await used());
    await worker.detach();
    samples.push({ ms, peakHeap, baseHeap });
  }
  await page.close();
  return samples;
}

/** A CPU profile of the worker during one `keys.sync`: self time per function, biggest first. */
export async function profileSync(ext: ExtensionBrowser): Promise<{ ms: number; top: { fn: string; ms: number }[] }> {
  const page = await quietPopup(ext);
  const worker = await attachToWorker(ext, page);
  await worker.call('Profiler.enable');
  await worker.call('Profiler.setSamplingInterval', { interval: 200 });
  await worker.call('Profiler.start');
  const ms = await page.evaluate(async () => {
    const t0 = performance.now();
    await (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: 'keys.sync' });
    return performance.now() - t0;
  });
  const { profile } = (await worker.call('Profiler.stop')) as unknown as { profile: CpuProfile };
  await worker.detach();
  await page.close();
  return { ms, top: selfTimes(profile, 12) };
}
