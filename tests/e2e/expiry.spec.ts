// Expiry awareness against the real server in real Chromium: the toolbar badge
// and expiry reminders, sent once each even across a worker restart.
//
// Granting "notifications": permissions.request for an optional permission
// opens a prompt nobody can answer in headless Chromium (it never resolves).
// So the reminders test launches the profile once, closes it, records the
// grant in the profile's Preferences (extensions.settings.<id>, what Chrome
// writes when an admin accepts the prompt) and relaunches. From then on the
// options page sees permissions.contains → true and never prompts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { launchExtension, stopServiceWorker, type ExtensionBrowser } from '../../testkit/browser';
import type { RunningServer } from '../../testkit/server';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RED = [0xd9, 0x30, 0x25, 255];

interface Created {
  id: string;
  expiresAt: string | null;
}

async function createKey(server: RunningServer, name: string, expiresIn: number | null): Promise<Created> {
  const expiresAt = expiresIn === null ? null : new Date(Date.now() + expiresIn).toISOString();
  const res = await server.api('POST', '/v1/keys', { name, expiresAt });
  expect(res.status).toBe(201);
  return (res.json as { key: Created }).key;
}

/** The brief's mix: 12 hours, 3 days, 20 days, never, and one that has just expired. */
async function seedKeys(server: RunningServer) {
  const soon = await createKey(server, 'Expires in 2 s', 2_000);
  const keys = {
    urgent: await createKey(server, 'CI deploy', 12 * HOUR),
    week: await createKey(server, 'Billing', 3 * DAY),
    month: await createKey(server, 'Stripe webhook', 20 * DAY),
    never: await createKey(server, 'Forever', null),
    expired: soon,
  };
  // Wait for the real clock to pass its expiry, without a fixed sleep.
  await expect.poll(() => Date.now() > Date.parse(soon.expiresAt!), { timeout: 10_000 }).toBe(true);
  return keys;
}

const badge = (w: Worker) =>
  w.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    color: await chrome.action.getBadgeBackgroundColor({}),
    title: await chrome.action.getTitle({}),
  }));
const notificationIds = (w: Worker) => w.evaluate(async () => Object.keys(await chrome.notifications.getAll()).sort());
const clearNotifications = (w: Worker) =>
  w.evaluate(async () => {
    for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
  });
/** keys.sync from an extension page: also wakes a stopped worker. */
const syncFrom = (page: Page) => page.evaluate(() => chrome.runtime.sendMessage({ type: 'keys.sync' }));

async function connectFrom(page: Page, server: RunningServer) {
  await page.getByLabel('API URL').fill(server.url);
  await page.getByLabel('Admin token').fill(server.adminToken);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText(/Connected/)).toBeVisible();
}

/** Launch, close, record the notifications grant in the profile, relaunch. */
async function launchWithNotificationsGranted(): Promise<ExtensionBrowser> {
  const first = await launchExtension();
  const { profileDir, extensionId } = first;
  await first.close();
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as {
    extensions: { settings: Record<string, Record<string, { api: string[] } | undefined>> };
  };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error('extension settings not found in the profile');
  for (const field of ['active_permissions', 'granted_permissions']) settings[field]?.api.push('notifications');
  settings.runtime_granted_permissions = { api: ['notifications'] };
  writeFileSync(file, JSON.stringify(prefs));
  return launchExtension({ profileDir });
}

test('the badge counts active keys expiring within 7 days, red when one expires within 24 h', async ({ ext, server, connect }) => {
  await seedKeys(server);
  await connect();
  const w = await ext.worker();
  await expect.poll(async () => (await badge(w)).text).toBe('2');
  expect(await badge(w)).toEqual({ text: '2', color: RED, title: 'Workbase API Keys: 2 keys expire within 7 days' });
  // The hourly alarm exists, with its period.
  expect(await w.evaluate(() => chrome.alarms.get('expiry-check').then((a) => a?.periodInMinutes))).toBe(60);

  // A wider window from Settings recounts at once: the 20-day key joins.
  const options = await ext.context.newPage();
  await options.goto(ext.url('options'));
  await options.getByLabel('Warning window (days)').fill('30');
  await options.getByRole('button', { name: 'Save settings' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await expect.poll(async () => (await badge(w)).text).toBe('3');

  // Disconnecting forgets the cached keys, and the badge with them.
  await options.getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(async () => (await badge(w)).text).toBe('');
});

test('reminders: one notification per threshold, once, even after a worker restart', async ({ server }) => {
  const ext = await launchWithNotificationsGranted();
  try {
    const keys = await seedKeys(server);
    const options = await ext.context.newPage();
    await options.goto(ext.url('options'));
    await connectFrom(options, server);

    const box = options.getByRole('checkbox', { name: 'Remind me before keys expire' });
    await box.check(); // contains() is already true: no prompt
    await expect(box).toBeChecked();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    const w = await ext.worker();
    const expected = [`expiry:0:${keys.expired.id}`, `expiry:1:${keys.urgent.id}`, `expiry:30:${keys.month.id}`, `expiry:7:${keys.week.id}`].sort();
    await expect.poll(() => notificationIds(w)).toEqual(expected);
    await clearNotifications(w);

    // Another sync: only the newly due key. Notifications are created most urgent
    // first and grouped by threshold, so a repeat of any earlier reminder would
    // show up here (in another id, or grouped into this one).
    const fresh = await createKey(server, 'Fresh', 25 * DAY);
    await syncFrom(options);
    await expect.poll(() => notificationIds(w)).toEqual([`expiry:30:${fresh.id}`]);
    await clearNotifications(w);

    // A worker restart forgets everything in memory; the sent log is in storage.local.
    await stopServiceWorker(ext);
    const later = await createKey(server, 'Later', 26 * DAY);
    await syncFrom(options); // wakes the worker
    await expect.poll(() => notificationIds(w)).toEqual([`expiry:30:${later.id}`]);
    expect(ext.errors).toEqual([]);
  } finally {
    await ext.close();
  }
});
