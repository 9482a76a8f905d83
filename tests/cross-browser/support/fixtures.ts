// Playwright-runner fixtures for the cross-browser suite, written once and run
// by two projects (playwright.config.ts): 'firefox' and 'chromium-cross', the
// browser named in the project's metadata. Every test gets its own real server
// (fresh SQLite file) and its own browser profile with the build installed.
// Pages are puppeteer Pages (testkit/extension-browser.ts), so the helpers
// below play the part of Playwright's getByRole/getByLabel.
import { test as base, expect } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../../testkit/server';
import { expectExtensionRunClean, expectServerOutputClean } from '../../../testkit/guarantees';
import { launchExtensionBrowser, type BrowserName, type ExtensionUnderTest } from '../../../testkit/extension-browser';

/** Any key secret: wbk_ + 38 base62 characters. */

const quote = (text: string) => (text.includes('"') ? `'${text}'` : `"${text}"`);

/** A button by its text or aria-label, like getByRole('button', { name, exact: true }). */
export const button = (name: string) => `::-p-xpath(//button[normalize-space()=${quote(name)} or @aria-label=${quote(name)}])`;
/** A form control by its <label for> text or aria-label, like getByLabel(text, { exact: true }). */
export const field = (label: string) =>
  `::-p-xpath(//*[(self::input or self::select or self::textarea) and (@aria-label=${quote(label)} or @id=//label[normalize-space()=${quote(label)}]/@for)])`;

/** Resolves when the page's text contains `text`. */
export async function waitForText(page: Page, text: string | RegExp, timeout = 10_000): Promise<void> {
  const source = typeof text === 'string' ? { s: text } : { r: text.source, f: text.flags };
  await waitOrSay(
    page,
    `"${String(text)}"`,
    page.waitForFunction(
      (t: { s?: string; r?: string; f?: string }) => {
        const body = document.body.innerText;
        return t.s !== undefined ? body.includes(t.s) : new RegExp(t.r!, t.f).test(body);
      },
      { timeout, polling: 100 },
      source,
    ),
  );
}

/** On a timeout, says what the page showed instead: the alert is usually the answer. */
async function waitOrSay(page: Page, what: string, waiting: Promise<unknown>): Promise<void> {
  try {
    await waiting;
  } catch (err) {
    const shown = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 600)).catch(() => '(page gone)');
    throw new Error(`Waited for ${what}; the page shows: ${shown}`, { cause: err });
  }
}

export async function waitForNoText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await waitOrSay(
    page,
    `no "${text}"`,
    page.waitForFunction((t: string) => !document.body.innerText.includes(t), { timeout, polling: 100 }, text),
  );
}

// Locators wait for a stable box over animation frames, which a background tab never paints: act in the front tab.
export async function fill(page: Page, label: string, value: string): Promise<void> {
  await page.bringToFront();
  await page.locator(field(label)).fill(value);
}

export async function click(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await page.locator(button(name)).click();
}

interface Fixtures {
  /** Which browser this project runs: for `test.skip(engine === 'chromium', 'why')`. */
  engine: BrowserName;
  /** Optional API permissions to have granted from the start (see LaunchOptions.granted): `test.use({ granted: [...] })`. */
  granted: string[];
  server: RunningServer;
  ext: ExtensionUnderTest;
  /** Connects through the options page (a real click: Firefox checks the user gesture) and returns that page. */
  connect: (options?: { apiUrl?: string; adminToken?: string; remember?: boolean }) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  engine: async ({}, use, testInfo) => {
    const name = (testInfo.project.metadata as { browser?: unknown }).browser;
    if (name !== 'firefox' && name !== 'chromium') throw new Error(`project "${testInfo.project.name}" names no browser in metadata.browser`);
    await use(name);
  },
  granted: [[], { option: true }],
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
    expectServerOutputClean(server);
  },
  ext: async ({ engine, granted }, use, testInfo) => {
    const ext = await launchExtensionBrowser(engine, { granted });
    await use(ext);
    await ext.close().catch(() => undefined);
    expectExtensionRunClean(ext, testInfo);
  },
  connect: async ({ ext, server }, use) => {
    await use(async (options = {}) => {
      const page = await ext.openPage('options');
      await fill(page, 'API URL', options.apiUrl ?? server.url);
      await fill(page, 'Admin token', options.adminToken ?? server.adminToken);
      if (options.remember) await page.locator(field('Remember on this device')).click();
      await click(page, 'Connect');
      await waitForText(page, /Connected: \d+ keys?/);
      return page;
    });
  },
});

export { expect };

/** Generates a key through the popup and returns the secret read from "New API key". */
export async function generateKey(popup: Page, name: string): Promise<string> {
  await click(popup, 'Generate API Key');
  await fill(popup, 'Name', name);
  await click(popup, 'Generate');
  const handle = await popup.waitForSelector(field('New API key'));
  if (!handle) throw new Error('no "New API key" field');
  await popup.waitForFunction((el) => (el as HTMLInputElement).value.startsWith('wbk_'), { timeout: 10_000, polling: 100 }, handle);
  return handle.evaluate((el) => (el as HTMLInputElement).value);
}
