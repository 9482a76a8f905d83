// A Chrome trace of one popup load (CDP Tracing on the page), summed per
// kind of main-thread work between navigation start and the popup's
// 'keys-painted' mark: how much is parsing/compiling script, running it,
// style/layout/paint, and how much is waiting (IndexedDB, the worker).
import type { ExtensionBrowser } from '../testkit/browser';
import { addProbe, waitForQuiet } from './page-probe';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

// Main-thread work DevTools shows in its Performance panel; only the outermost
// of these on the thread counts, so nothing is counted twice.
const WORK = new Set([
  'ParseHTML',
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.produceModuleCache',
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'RunMicrotasks',
  'V8.GC_SCAVENGER',
  'MajorGC',
  'MinorGC',
  'ParseAuthorStyleSheet',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
]);

export interface TraceBreakdown {
  windowMs: number;
  /** ms per work kind, biggest first; 'idle / waiting' is the rest of the window. */
  parts: { name: string; ms: number }[];
}

function breakdown(events: readonly TraceEvent[]): TraceBreakdown {
  const painted = events.filter((e) => e.name === 'keys-painted' && e.cat.includes('blink.user_timing')).at(-1);
  if (!painted) throw new Error('no keys-painted mark in the trace');
  const navStart = events
    .filter((e) => e.name === 'navigationStart' && e.pid === painted.pid && e.ts <= painted.ts)
    .reduce<TraceEvent | undefined>((a, e) => (!a || e.ts > a.ts ? e : a), undefined);
  if (!navStart) throw new Error('no navigationStart before keys-painted');
  const from = navStart.ts;
  const to = painted.ts;
  const main = events
    .filter((e) => e.ph === 'X' && e.pid === painted.pid && e.tid === navStart.tid && WORK.has(e.name) && e.dur !== undefined)
    .filter((e) => e.ts < to && e.ts + e.dur! > from)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals = new Map<string, number>();
  let coveredUntil = -Infinity;
  for (const e of main) {
    const start = Math.max(e.ts, from);
    const end = Math.min(e.ts + e.dur!, to);
    if (start < coveredUntil) continue; // nested inside an outer work event
    totals.set(e.name, (totals.get(e.name) ?? 0) + (end - start));
    coveredUntil = end;
  }
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  totals.set('idle / waiting (IndexedDB, worker, frame)', to - from - busy);
  return {
    windowMs: Math.round((to - from) / 100) / 10,
    parts: [...totals.entries()].map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 })).sort((a, b) => b.ms - a.ms),
  };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'blink'];

export async function tracePopupLoad(ext: ExtensionBrowser): Promise<TraceBreakdown> {
  const page = await ext.context.newPage();
  await addProbe(page);
  await page.goto(ext.url('popup'));
  await waitForQuiet(page);
  const cdp = await ext.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await page.close();
  return breakdown(events);
}
