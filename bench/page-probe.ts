// Injected into every measured extension page before its own scripts run
// (Playwright init script, over CDP, so the extension's CSP does not apply).
// It only observes: counts runtime messages in flight, so a run can wait for
// the popup's sync to finish before the next open instead of overlapping it,
// and marks the first frame that shows a key row.
import type { Page } from '@playwright/test';

interface ProbeState {
  inflight: number;
  sent: number;
  rowsVisibleAt: number | null;
}

// Plain JavaScript source, not a TS function: tsx compiles functions with
// `__name(...)` helper calls that do not exist inside the page. The shim
// covers the page.evaluate callbacks of this bench for the same reason.
const PROBE_SOURCE = `
globalThis.__name = globalThis.__name || ((fn) => fn);
(() => {
  const state = { inflight: 0, sent: 0, rowsVisibleAt: null };
  globalThis.__bench = state;
  const runtime = globalThis.chrome && globalThis.chrome.runtime;
  const original = runtime && runtime.sendMessage;
  if (original) {
    runtime.sendMessage = function (...args) {
      state.sent++;
      state.inflight++;
      const done = () => { state.inflight--; };
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        // Callback style (webextension-polyfill): count down when Chrome answers.
        args[args.length - 1] = (...reply) => { done(); return last(...reply); };
        return original.apply(runtime, args);
      }
      const result = original.apply(runtime, args);
      result.then(done, done);
      return result;
    };
  }
  const tick = () => {
    if (document.querySelector('.key-row')) {
      state.rowsVisibleAt = performance.now();
      performance.mark('rows-visible');
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
`;

export async function addProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: PROBE_SOURCE });
}

/** Waits until the page has sent at least one message and none is pending (the popup's sync is done). */
export async function waitForQuiet(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as { __bench?: ProbeState }).__bench;
      return !!s && s.sent > 0 && s.inflight === 0;
    },
    undefined,
    { timeout, polling: 20 },
  );
}

export interface PaintTimes {
  /** The popup's own mark after its first list render (ms from navigation start). */
  keysPainted: number | null;
  rowsVisible: number | null;
  fcp: number | null;
  rows: number;
}

export async function paintTimes(page: Page): Promise<PaintTimes> {
  return page.evaluate(() => ({
    keysPainted: performance.getEntriesByName('keys-painted')[0]?.startTime ?? null,
    rowsVisible: (globalThis as unknown as { __bench?: ProbeState }).__bench?.rowsVisibleAt ?? null,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    rows: document.querySelectorAll('.key-row').length,
  }));
}
