// Everything a benchmark needs before it measures: a built extension, the
// real reference server on a seeded SQLite file, and Chromium connected to it
// through the options page, exactly as an admin would connect.
import { execFileSync } from 'node:child_process';
import { build } from 'wxt';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../testkit/server';
import type { ExtensionBrowser } from '../testkit/browser';
import type { Page } from '@playwright/test';
import { cacheDbName } from '../lib/shared/cache/layout';
import { CURRENT_KEY } from '../lib/shared/settings/connection-keys';
import { launchAt } from './launch';
import type { Log } from './rows';

export const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A private production build in a temp folder: .output/chrome-mv3 is rebuilt
 * (deleted and rewritten) by anyone running tests, which would pull the
 * extension out from under a running benchmark.
 */
export async function privateBuild(log: Log): Promise<string> {
  log('building the extension (wxt build, private copy)…');
  const outDir = mkdtempSync(path.join(tmpdir(), 'wbk-bench-build-'));
  await build({ root: ROOT, outDir, logger: quietLogger });
  const dir = path.join(outDir, 'chrome-mv3');
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`wxt build wrote no manifest to ${dir}`);
  return dir;
}

const noop = () => undefined;
/** WXT's logger, silenced except for errors, so the bench output stays one table. */
export const quietLogger = {
  debug: noop,
  log: noop,
  info: noop,
  warn: noop,
  error: console.error,
  fatal: console.error,
  success: noop,
  start: noop,
  box: noop,
  level: 0,
};

/** Seeds `count` keys with server/seed.ts (one transaction), then starts the CLI server on that file. */
export async function seededServer(count: number): Promise<RunningServer> {
  const dbDir = mkdtempSync(path.join(tmpdir(), 'wbk-bench-db-'));
  if (count > 0) {
    execFileSync(process.execPath, ['--import', 'tsx', 'server/seed.ts', '--db', path.join(dbDir, 'keys.db'), '--count', String(count)], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }
  const server = await startServer({ dbDir });
  return server;
}

/** Connects the extension to `server` through the options page (like the e2e `connect` fixture). */
export async function connect(ext: ExtensionBrowser, server: RunningServer): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  await page.getByLabel('API URL').fill(server.url);
  await page.getByLabel('Admin token').fill(server.adminToken);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page
    .getByText(/Connected/)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.close();
}

export interface Bench {
  server: RunningServer;
  ext: ExtensionBrowser;
  close: () => Promise<void>;
}

/** A connected browser + seeded server, with the first full sync done (the cache is warm). */
export async function connectedBench(extensionDir: string, count: number): Promise<Bench> {
  const server = await seededServer(count);
  const ext = await launchAt(extensionDir);
  await connect(ext, server);
  return {
    server,
    ext,
    async close() {
      await ext.close().catch(() => undefined);
      await server.stop();
      rmSync(server.dbDir, { recursive: true, force: true }); // ours: startServer keeps a dbDir it was given
    },
  };
}

/** The IndexedDB name of the current connection's key cache (one database per connection: lib/shared/cache/layout.ts). */
export async function currentCacheDb(page: Page): Promise<string> {
  const id = await page.evaluate(async (key) => (await chrome.storage.local.get(key))[key] as string | undefined, CURRENT_KEY);
  if (!id) throw new Error('No current connection: connect first.');
  return cacheDbName(id);
}
