// The floor: the best the popup could possibly do. A copy of the built
// extension with floor-N.html pages holding the popup's rendered markup (same
// visible rows, same CSS) and no script, opened the same way as the popup;
// and for the cold rows, the popup's static skeleton alone, opened with the
// worker stopped.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopServiceWorker, type ExtensionBrowser } from '../testkit/browser';
import { launchAt } from './launch';

/** The cold floor's page: the built popup.html (its static skeleton and stylesheet) with every script removed. */
export function skeletonOnly(extensionDir: string): string {
  return readFileSync(path.join(extensionDir, 'popup.html'), 'utf8')
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '');
}

/** Writes the copy; `pages` maps a file name (floor-100.html) to its markup. */
export function makeFloorExtension(extensionDir: string, pages: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wbk-floor-'));
  cpSync(extensionDir, dir, { recursive: true });
  for (const [name, html] of pages) writeFileSync(path.join(dir, name), html);
  return dir;
}

export interface FloorOptions {
  /** Stop the extension's service worker first, as the cold popup rows do (a static page never wakes it again). */
  stopWorkerFirst?: boolean;
}

/** First contentful paint (ms from navigation start) of each floor page, `runs` opens each. */
export async function measureFloor(dir: string, names: readonly string[], runs: number, options: FloorOptions = {}): Promise<Map<string, number[]>> {
  const ext = await launchAt(dir);
  const out = new Map<string, number[]>();
  try {
    if (options.stopWorkerFirst) await stopServiceWorker(ext);
    for (const name of names) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await floorPaint(ext, name));
      out.set(name, samples);
    }
  } finally {
    await ext.close();
  }
  return out;
}

async function floorPaint(ext: ExtensionBrowser, name: string): Promise<number> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${name}`);
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
  await page.close();
  return fcp;
}
