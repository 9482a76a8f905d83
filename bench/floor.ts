// The floor: the best the popup could possibly do. A copy of the built
// extension with floor-N.html pages holding the popup's rendered markup (same
// visible rows, same CSS) and no script, opened the same way as the popup.
import { chromium } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromePath, EXTENSION_DIR } from '../tests/e2e/support/browser';

/** Writes the copy; `pages` maps a file name (floor-100.html) to its markup. */
export function makeFloorExtension(pages: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wbk-floor-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  for (const [name, html] of pages) writeFileSync(path.join(dir, name), html);
  return dir;
}

/** First contentful paint (ms from navigation start) of each floor page, `runs` opens each. */
export async function measureFloor(dir: string, names: readonly string[], runs: number): Promise<Map<string, number[]>> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'wbk-floor-profile-'));
  // Same flags as tests/e2e/support/browser.ts, pointed at the copy.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromePath(),
    headless: true,
    colorScheme: 'light',
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-gpu',
    ],
  });
  const out = new Map<string, number[]>();
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    for (const name of names) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/${name}`);
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
        samples.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime));
        await page.close();
      }
      out.set(name, samples);
    }
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  return out;
}
