// Chromium with an extension loaded from any folder: the bench's private
// build, or the floor copy. Same flags as tests/e2e/support/browser.ts (which
// always loads .output/chrome-mv3, a folder other work rebuilds at any time);
// returns the same ExtensionBrowser so its helpers (stopServiceWorker) apply.
import { chromium, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromePath, type ExtensionBrowser } from '../tests/e2e/support/browser';

const QUIET_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu'];

export async function launchAt(extensionDir: string): Promise<ExtensionBrowser> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'wbk-bench-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromePath(),
    headless: true,
    colorScheme: 'light',
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...QUIET_ARGS],
  });
  const errors: string[] = [];
  context.on('page', (page) => page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`)));
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    profileDir,
    extensionId,
    worker,
    consoleLines: [],
    errors,
    url: (page) => `chrome-extension://${extensionId}/${page}.html`,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
