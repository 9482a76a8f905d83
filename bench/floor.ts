// The floor: the best the popup could possibly do. A copy of the built
// extension with floor-N.html pages holding the popup's rendered markup (same
// visible rows, same CSS) and no script, opened the same way as the popup.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchAt } from './launch';

/** Writes the copy; `pages` maps a file name (floor-100.html) to its markup. */
export function makeFloorExtension(extensionDir: string, pages: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wbk-floor-'));
  cpSync(extensionDir, dir, { recursive: true });
  for (const [name, html] of pages) writeFileSync(path.join(dir, name), html);
  return dir;
}

/** First contentful paint (ms from navigation start) of each floor page, `runs` opens each. */
export async function measureFloor(dir: string, names: readonly string[], runs: number): Promise<Map<string, number[]>> {
  const ext = await launchAt(dir);
  const out = new Map<string, number[]>();
  try {
    for (const name of names) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const page = await ext.context.newPage();
        await page.goto(`chrome-extension://${ext.extensionId}/${name}`);
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
        samples.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime));
        await page.close();
      }
      out.set(name, samples);
    }
  } finally {
    await ext.close();
  }
  return out;
}
