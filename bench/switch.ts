// Switching connections (issue 14): `npx tsx bench/switch.ts`. Two real
// reference servers with 10,000 keys each, both connected in real headless
// Chromium; the popup switches between them with the switcher. Measured: from
// the switch (the popup's 'switch-start' mark, set when the choice is made) to
// the other connection's rows painted ('switch-painted', the frame after the
// commit of its first rows, painted from that connection's own cache), next
// to the cached-open floor: opening the popup at 10,000 keys over a warm cache
// ('keys-painted', ms from navigation start) and the static page's first paint.
// Knobs: BENCH_KEYS (10000), BENCH_RUNS (20).
import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from '../testkit/browser';
import { cachedOpens, staticSnapshot } from './popup';
import { makeFloorExtension, measureFloor } from './floor';
import { launchAt } from './launch';
import { privateBuild, seededServer } from './setup';
import { median, ms, p95 } from './stats';
import { rmSync } from 'node:fs';
import path from 'node:path';

const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SETTLE_MS = 1_500;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function addConnection(ext: ExtensionBrowser, name: string, url: string, token: string, first: boolean): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  if (!first) await page.getByRole('button', { name: 'Add connection' }).click();
  await page.getByLabel('Connection name').fill(name);
  await page.getByLabel('API URL').fill(url);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page
    .getByText(/Connected: /)
    .first()
    .waitFor({ timeout: 120_000 });
  await page.close();
}

/** Switches to `label` and answers ms from the popup's switch-start mark to its switch-painted mark. */
async function switchOnce(page: Page, label: string): Promise<number> {
  await page.evaluate(() => {
    performance.clearMarks('switch-start');
    performance.clearMarks('switch-painted');
  });
  await page.getByRole('combobox', { name: 'Switch connection' }).selectOption({ label });
  await page.waitForFunction(() => performance.getEntriesByName('switch-painted').length > 0, undefined, { timeout: 30_000 });
  const took = await page.evaluate(
    () => performance.getEntriesByName('switch-painted')[0]!.startTime - performance.getEntriesByName('switch-start')[0]!.startTime,
  );
  // Let the switched-to connection's own sync (10,000 keys from its server) finish, so the next switch doesn't race it.
  await page.waitForTimeout(SETTLE_MS);
  return took;
}

async function main(): Promise<void> {
  const extensionDir = await privateBuild(log);
  log(`seeding two servers with ${KEYS} keys each…`);
  const [a, b] = await Promise.all([seededServer(KEYS), seededServer(KEYS)]);
  const ext = await launchAt(extensionDir);
  const floorPages = new Map<string, string>();
  try {
    await addConnection(ext, 'Staging', a.url, a.adminToken, true);
    await addConnection(ext, 'Production', b.url, b.adminToken, false);
    log(`cached opens at ${KEYS} keys, ${RUNS} runs…`);
    const opens = (await cachedOpens(ext, RUNS, true)).map((s) => s.keysPainted);
    floorPages.set(`floor-${KEYS}.html`, await staticSnapshot(ext));

    log(`switches, ${RUNS} each way…`);
    const page = await ext.context.newPage();
    await page.goto(ext.url('popup'));
    await page.waitForFunction(() => performance.getEntriesByName('keys-painted').length > 0, undefined, { timeout: 60_000 });
    const switches: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      switches.push(await switchOnce(page, '1. Staging'));
      switches.push(await switchOnce(page, '2. Production'));
    }
    const rows = await page.locator('.key-name').count();
    await page.close();

    const floorDir = makeFloorExtension(extensionDir, floorPages);
    const floor = (await measureFloor(floorDir, [`floor-${KEYS}.html`], RUNS)).get(`floor-${KEYS}.html`)!;
    rmSync(floorDir, { recursive: true, force: true });

    console.log(`switching connections at ${KEYS} keys each (${switches.length} switches, ${rows} rows painted after the last):`);
    console.log(`  switch → other list painted (from its cache): median ${ms(median(switches))} ms, p95 ${ms(p95(switches))} ms`);
    console.log(`  cached open → keys painted (from navigation): median ${ms(median(opens))} ms, p95 ${ms(p95(opens))} ms`);
    console.log(`  floor (the same popup as a static page, first paint): median ${ms(median(floor))} ms`);
  } finally {
    await ext.close().catch(() => undefined);
    for (const s of [a, b]) {
      await s.stop();
      rmSync(s.dbDir, { recursive: true, force: true });
    }
    rmSync(path.dirname(extensionDir), { recursive: true, force: true });
  }
}

await main();
