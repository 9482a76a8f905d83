// Runtime permission grants in real Firefox, through real clicks: Firefox
// keeps the user gesture only until the first await of the click handler.
// Firefox only: headless Chromium can't answer a permission prompt (the request
// never resolves), so there a grant can only be pre-set, which skips the very
// request these tests are about.
//
// How the grant is given in headless Firefox: the profile sets
// extensions.webextOptionalPermissionPrompts=false (testkit/extension-browser.ts), so a
// permissions.request made inside a user input handler is granted without the
// doorhanger nobody can click. The user-input check itself still runs first:
// the last test shows a request outside a click is refused, so these tests do
// fail when the handler awaits before requesting.
import { test, expect, click, field, waitForText } from './support/fixtures';
import { startHttpsFront } from '../../testkit/https-front';

test.skip(({ engine }) => engine === 'chromium', "headless Chromium can't answer the permission prompt these grants go through");

test('connect to an https origin that needs a runtime grant (self-signed, on loopback)', async ({ ext, server, connect }) => {
  const https = await startHttpsFront(server.url);
  try {
    const before = await ext.evaluate(() => browser.permissions.getAll(), null);
    expect(before.origins).not.toContain('https://localhost/*');
    await server.api('POST', '/v1/keys', { name: 'Over https', expiresAt: null });
    const options = await connect({ apiUrl: https.url });
    await waitForText(options, 'Connected: 1 key');
    // Granted for the host, no port: the pattern Firefox matches for every port.
    const after = await ext.evaluate(() => browser.permissions.getAll(), null);
    expect(after.origins).toContain('https://localhost/*');
    const popup = await ext.openPage('popup');
    await waitForText(popup, 'Over https');
  } finally {
    await https.stop();
  }
});

test('switching reminders on asks for notifications inside the click, and sticks after saving', async ({ ext, connect }) => {
  const options = await connect();
  expect(await ext.evaluate(() => browser.permissions.contains({ permissions: ['notifications'] }), null)).toBe(false);
  await options.bringToFront();
  const box = field('Remind me before keys expire');
  await options.locator(box).click();
  await options.waitForFunction((el) => (el as HTMLInputElement).checked, { timeout: 10_000, polling: 100 }, (await options.$(box))!);
  expect(await options.$('#reminders-error')).toBeNull();
  await click(options, 'Save settings');
  await waitForText(options, 'Settings saved.');
  expect(await ext.evaluate(() => browser.permissions.contains({ permissions: ['notifications'] }), null)).toBe(true);
  expect(
    await ext.evaluate(
      () => browser.storage.local.get('preferences').then((p) => (p.preferences as { remindersEnabled: boolean }).remindersEnabled),
      null,
    ),
  ).toBe(true);
});

test('outside a click, Firefox still refuses permissions.request (so the tests above guard the gesture)', async ({ ext }) => {
  const message = await ext.evaluate(
    () =>
      browser.permissions.request({ permissions: ['notifications'] }).then(
        () => 'granted',
        (e: Error) => e.message,
      ),
    null,
  );
  expect(message).toMatch(/user input handler/);
});
