// Everything a benchmark needs before it measures: a built extension, the
// real reference server on a seeded SQLite file, and Chromium connected to it
// through the options page, exactly as an admin would connect.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../tests/e2e/support/server';
import { EXTENSION_DIR, launchExtension, type ExtensionBrowser } from '../tests/e2e/support/browser';
import type { Log } from './rows';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Builds the extension unless a build is already there (BENCH_REBUILD=1 forces one). */
export function ensureBuilt(log: Log): void {
  if (existsSync(path.join(EXTENSION_DIR, 'manifest.json')) && process.env.BENCH_REBUILD !== '1') {
    log(`using the existing build in ${path.relative(ROOT, EXTENSION_DIR)} (BENCH_REBUILD=1 to rebuild)`);
    return;
  }
  log('building the extension (wxt build)…');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, stdio: 'ignore' });
}

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
  await page.getByText(/Connected/).first().waitFor({ timeout: 60_000 });
  await page.close();
}

export interface Bench {
  server: RunningServer;
  ext: ExtensionBrowser;
  close: () => Promise<void>;
}

/** A connected browser + seeded server, with the first full sync done (the cache is warm). */
export async function connectedBench(count: number): Promise<Bench> {
  const server = await seededServer(count);
  const ext = await launchExtension();
  await connect(ext, server);
  return {
    server,
    ext,
    async close() {
      await ext.close().catch(() => undefined);
      await server.stop();
    },
  };
}
