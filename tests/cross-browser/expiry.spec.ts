// Expiry awareness in both browsers: the toolbar badge and the reminders. The
// notifications permission: Firefox grants it on the real click (see
// permissions.spec.ts); headless Chromium can't answer its prompt, so there the
// grant is pre-set in the profile (`granted`, testkit/extension-browser.ts) and
// the click's request resolves at once.
import { test, expect, click, field, waitForText } from './support/fixtures';
import type { RunningServer } from '../../testkit/server';
import type { ExtensionUnderTest } from '../../testkit/extension-browser';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RED = [0xd9, 0x30, 0x25, 255];

async function createKey(server: RunningServer, name: string, expiresIn: number | null): Promise<{ id: string; expiresAt: string | null }> {
  const expiresAt = expiresIn === null ? null : new Date(Date.now() + expiresIn).toISOString();
  const res = await server.api('POST', '/v1/keys', { name, expiresAt });
  expect(res.status).toBe(201);
  return (res.json as { key: { id: string; expiresAt: string | null } }).key;
}

const badge = (ext: ExtensionUnderTest) =>
  ext.evaluate(
    async () => ({
      text: await browser.action.getBadgeText({}),
      color: await browser.action.getBadgeBackgroundColor({}),
      title: await browser.action.getTitle({}),
    }),
    null,
  );

test('the badge counts active keys expiring within 7 days, red when one expires within 24 h', async ({ ext, server, connect }) => {
  await createKey(server, 'CI deploy', 12 * HOUR);
  await createKey(server, 'Billing', 3 * DAY);
  await createKey(server, 'Stripe webhook', 20 * DAY);
  await createKey(server, 'Forever', null);
  await connect();
  await expect.poll(async () => (await badge(ext)).text).toBe('2');
  expect(await badge(ext)).toEqual({ text: '2', color: RED, title: 'Workbase API Keys: 2 keys expire within 7 days' });
  expect(await ext.evaluate(() => browser.alarms.get('expiry-check').then((a) => a?.periodInMinutes), null)).toBe(60);
});

test.describe(() => {
  test.use({ granted: ['notifications'] });
  test('reminders switched on: one notification per due key, once, even after the background was suspended', async ({ ext, server, connect }) => {
    const urgent = await createKey(server, 'CI deploy', 12 * HOUR);
    const week = await createKey(server, 'Billing', 3 * DAY);
    await createKey(server, 'Forever', null);
    const options = await connect();
    await options.bringToFront();
    const box = field('Remind me before keys expire');
    await options.locator(box).click();
    await options.waitForFunction((el) => (el as HTMLInputElement).checked, { timeout: 10_000, polling: 100 }, (await options.$(box))!);
    const notificationIds = await ext.watchNotifications();
    await click(options, 'Save settings');
    await waitForText(options, 'Settings saved.');
    const expected = [`expiry:1:${urgent.id}`, `expiry:7:${week.id}`].sort();
    await expect.poll(() => notificationIds()).toEqual(expected);

    // A suspended background forgets everything in memory; the sent log is in storage.local.
    await ext.suspendBackground();
    const later = await createKey(server, 'Later', 5 * DAY);
    await ext.evaluate(() => browser.runtime.sendMessage({ type: 'keys.sync' }), null); // wakes it
    await expect.poll(() => notificationIds()).toEqual([...expected, `expiry:7:${later.id}`].sort());
  });
});
