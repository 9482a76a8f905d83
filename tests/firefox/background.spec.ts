// Firefox MV3 runs the background as an event page and suspends it when idle
// (30 s): the tests suspend it on purpose, the way Firefox's idle timer does,
// and check that work left for later (the clipboard clear) and the next
// request (the popup) wake it and succeed.
import { test, expect, generateKey, button, click, waitForText } from './support/fixtures';
import type { FirefoxExtension } from '../../testkit/firefox';
import { findInProfile } from '../e2e/support/profile-search';
import { findInFirefoxIndexedDB } from './support/idb-search';
import { DEFAULT_PREFERENCES } from '../../lib/shared/settings/preferences';
import { PENDING_KEY } from '../../lib/worker/clipboard/pending';

const DELAY_SECONDS = 10;

const readClipboard = (ff: FirefoxExtension) => ff.evaluate(() => navigator.clipboard.readText(), null);

test('the background page is suspended and woken by the popup, and keeps working', async ({ ff, server, connect }) => {
  await connect();
  await ff.suspendBackground();
  expect(await ff.backgroundState()).toBe('stopped');
  const popup = await ff.openPage('popup');
  const secret = await generateKey(popup, 'After suspend');
  expect(await ff.backgroundState()).toBe('running');
  expect((await server.api('GET', '/v1/whoami', undefined, secret)).status).toBe(200);
});

test('the copied key is cleared from the clipboard after the delay, even with the background suspended meanwhile', async ({
  ff,
  server,
  connect,
}) => {
  test.setTimeout(120_000);
  await connect();
  const preferences = { ...DEFAULT_PREFERENCES, clipboardClearSeconds: DELAY_SECONDS };
  await ff.evaluate((value) => browser.storage.local.set({ preferences: value }), preferences);
  const popup = await ff.openPage('popup');
  const secret = await generateKey(popup, 'Clipboard clear');
  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  await waitForText(popup, `The clipboard will be cleared in ${DELAY_SECONDS} seconds`);
  await popup.close();
  // Before the delay the key is there, so the clear below really removed something.
  expect(await readClipboard(ff)).toBe(secret);
  expect(await ff.evaluate((key) => browser.storage.session.get(key).then((items) => key in items), PENDING_KEY)).toBe(true);

  // Firefox suspends an idle event page; the alarm has to wake it to clear.
  await ff.suspendBackground();
  await expect
    .poll(() => ff.evaluate((key) => browser.storage.session.get(key).then((items) => key in items), PENDING_KEY), {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(false);
  expect(await readClipboard(ff)).toBe('');

  await ff.close();
  expect(findInProfile(ff.profileDir, secret)).toEqual([]);
  expect(findInFirefoxIndexedDB(ff.profileDir, secret)).toEqual([]);
  expect(server.output()).not.toContain(secret);
});
