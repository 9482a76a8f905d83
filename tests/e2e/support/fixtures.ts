// Playwright fixtures: every test gets its own real server (fresh SQLite
// file) and its own Chromium profile with the built extension loaded.
import { test as base, expect, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../../testkit/server';
import { expectExtensionRunClean, expectServerOutputClean } from '../../../testkit/guarantees';
import { launchExtension, type ExtensionBrowser } from '../../../testkit/browser';

interface Fixtures {
  server: RunningServer;
  ext: ExtensionBrowser;
  /** Connects the extension to `apiUrl` (default: the test's server) through the options page. */
  connect: (options?: { apiUrl?: string; adminToken?: string; remember?: boolean }) => Promise<void>;
  openPopup: () => Promise<Page>;
}

/** Any key secret: wbk_ + 38 base62 characters (lib/api/secret.ts). */

export const test = base.extend<Fixtures>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
    expectServerOutputClean(server);
  },
  ext: async ({}, use, testInfo) => {
    const ext = await launchExtension();
    await use(ext);
    await ext.close().catch(() => undefined);
    expectExtensionRunClean(ext, testInfo);
  },
  connect: async ({ ext, server }, use) => {
    await use(async (options = {}) => {
      const page = await ext.context.newPage();
      await page.goto(ext.url('options'));
      await page.getByLabel('API URL').fill(options.apiUrl ?? server.url);
      await page.getByLabel('Admin token').fill(options.adminToken ?? server.adminToken);
      if (options.remember) await page.getByLabel('Remember on this device').check();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(page.getByText(/Connected/)).toBeVisible();
      await page.close();
    });
  },
  openPopup: async ({ ext }, use) => {
    await use(async () => {
      const page = await ext.context.newPage();
      await page.goto(ext.url('popup'));
      return page;
    });
  },
});

export { expect };

/** Generates a key through the popup and returns the secret read from "New API key". */
export async function generateKey(popup: Page, name: string, expiration?: string): Promise<string> {
  await popup.getByRole('button', { name: 'Generate API Key' }).click();
  await popup.getByLabel('Name').fill(name);
  if (expiration) await popup.getByLabel('Expiration date').fill(expiration);
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  const field = popup.getByLabel('New API key');
  await expect(field).toHaveValue(/^wbk_/);
  return field.inputValue();
}

export async function whoami(server: RunningServer, secret: string): Promise<{ status: number; json: unknown }> {
  return server.api('GET', '/v1/whoami', undefined, secret);
}
