// The background is suspended when idle: Firefox's MV3 event page after 30 s,
// Chromium's service worker likewise. The tests suspend it on purpose, the way
// each browser does (testkit/extension-browser.ts), and check that work left
// for later (the clipboard clear) and the next request (the popup) wake it and
// succeed.
import { test, expect, generateKey, button, click, waitForText } from './support/fixtures';
import { DEFAULT_PREFERENCES } from '../../lib/shared/settings/preferences';
import { PENDING_KEY } from '../../lib/worker/clipboard/pending';

const DELAY_SECONDS = 10;

test('the background page is suspended and woken by the popup, and keeps working', async ({ ext, server, connect }) => {
  await connect();
  await ext.suspendBackground();
  expect(await ext.backgroundState()).toBe('stopped');
  const popup = await ext.openPage('popup');
  const secret = await generateKey(popup, 'After suspend');
  expect(await ext.backgroundState()).toBe('running');
  expect((await server.api('GET', '/v1/whoami', undefined, secret)).status).toBe(200);
});

test('the copied key is cleared from the clipboard after the delay, even with the background suspended meanwhile', async ({
  ext,
  server,
  connect,
}) => {
  test.setTimeout(120_000);
  await connect();
  const preferences = { ...DEFAULT_PREFERENCES, clipboardClearSeconds: DELAY_SECONDS };
  await ext.evaluate((value) => browser.storage.local.set({ preferences: value }), preferences);
  const popup = await ext.openPage('popup');
  const secret = await generateKey(popup, 'Clipboard clear');
  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  await waitForText(popup, `The clipboard will be cleared in ${DELAY_SECONDS} seconds`);
  await popup.close();
  // Before the delay the key is there, so the clear below really removed something.
  expect(await ext.readClipboard()).toBe(secret);
  expect(await ext.evaluate((key) => browser.storage.session.get(key).then((items) => key in items), PENDING_KEY)).toBe(true);

  // An idle background is suspended; the alarm has to wake it to clear.
  await ext.suspendBackground();
  await expect
    .poll(() => ext.evaluate((key) => browser.storage.session.get(key).then((items) => key in items), PENDING_KEY), {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(false);
  expect(await ext.readClipboard()).toBe('');

  await ext.close();
  expect(ext.searchProfile(secret)).toEqual([]);
  expect(server.output()).not.toContain(secret);
});
