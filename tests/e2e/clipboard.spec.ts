// Clipboard hygiene in the real browser: the copied key is cleared after the
// popup closed, but only if the clipboard still holds it.
import type { Page } from '@playwright/test';
import { test, expect, generateKey } from './support/fixtures';
import type { ExtensionBrowser } from '../../testkit/browser';
import { findInProfile } from '../../testkit/profile-search';
import { DEFAULT_PREFERENCES } from '../../lib/shared/settings/preferences';
import { PENDING_KEY } from '../../lib/worker/clipboard/pending';

const DELAY_SECONDS = 10;

// The few chrome.* calls evaluated inside the service worker.
declare const chrome: {
  storage: {
    local: { set(items: Record<string, unknown>): Promise<void> };
    session: { get(key: string): Promise<Record<string, unknown>> };
  };
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
};

async function setClearDelay(ext: ExtensionBrowser, seconds: number) {
  const worker = await ext.worker();
  const preferences = { ...DEFAULT_PREFERENCES, clipboardClearSeconds: seconds };
  await worker.evaluate((value) => chrome.storage.local.set({ preferences: value }), preferences);
}

/** Copies through the popup's button, checks the note, and closes the popup. */
async function copyAndClose(popup: Page): Promise<void> {
  await popup.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(popup.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  await expect(
    popup.getByText(`The clipboard will be cleared in ${DELAY_SECONDS} seconds if it still holds this key.`, { exact: false }),
  ).toBeVisible();
  await popup.close();
}

/** Waits until the worker has taken the pending clear (timer or alarm), and the offscreen document is gone again. */
async function waitForClearToRun(ext: ExtensionBrowser): Promise<void> {
  const worker = await ext.worker();
  await expect
    .poll(() => worker.evaluate((key) => chrome.storage.session.get(key).then((items) => key in items), PENDING_KEY), {
      timeout: 60_000,
      intervals: [500],
    })
    .toBe(false);
  await expect
    .poll(() => worker.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] }).then((c) => c.length)), {
      timeout: 10_000,
    })
    .toBe(0);
}

/** A fresh, focused extension page reads the clipboard the way any app would. */
async function readClipboard(ext: ExtensionBrowser): Promise<string> {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  await page.bringToFront();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  await page.close();
  return text;
}

test.setTimeout(120_000);

test('the copied key is cleared from the clipboard after the popup closed', async ({ ext, server, connect, openPopup }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect();
  await setClearDelay(ext, DELAY_SECONDS);
  const popup = await openPopup();
  const secret = await generateKey(popup, 'Clipboard clear');
  await copyAndClose(popup);
  // Before the delay the key is there, so the clear below really removed something.
  expect(await readClipboard(ext)).toBe(secret);

  await waitForClearToRun(ext);
  expect(await readClipboard(ext)).toBe('');

  await ext.close();
  expect(findInProfile(ext.profileDir, secret)).toEqual([]);
  expect(ext.consoleLines.join('\n')).not.toContain(secret);
  expect(server.output()).not.toContain(secret);
});

test('text copied after the key is left alone', async ({ ext, connect, openPopup }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect();
  await setClearDelay(ext, DELAY_SECONDS);
  const popup = await openPopup();
  const secret = await generateKey(popup, 'Clipboard keep');
  await copyAndClose(popup);

  const other = await ext.context.newPage();
  await other.goto(ext.url('options'));
  await other.bringToFront();
  await other.evaluate(() => navigator.clipboard.writeText('something the admin copied later'));
  await other.close();

  await waitForClearToRun(ext);
  expect(await readClipboard(ext)).toBe('something the admin copied later');

  await ext.close();
  expect(findInProfile(ext.profileDir, secret)).toEqual([]);
});
