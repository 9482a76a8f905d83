// The worker side of expiry awareness, with fake browser APIs and a pinned clock.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { key } from '../../support/keys';
import { seedConnection } from '../../support/connections';
import { createContext, type Context } from '../../../lib/worker/context';
import { createExpiryChecker, ensureExpiryAlarm, EXPIRY_ALARM, sentLogKey, type ExpiryChecker } from '../../../lib/worker/expiry-check';
import { createConnectionStore } from '../../../lib/worker/stores/connection-store';
import { createNoticeStore } from '../../../lib/worker/notices';
import { deleteKeysCache, openKeysCache } from '../../../lib/worker/stores/keys-cache';
import { createPreferencesStore } from '../../../lib/worker/stores/preferences-store';
import { DEFAULT_PREFERENCES, PREFERENCES_STORAGE_KEY } from '../../../lib/shared/settings/preferences';
import { recordingClipboard } from '../../support/worker-env';

const EXT_ID = 'test-extension-id';
const API = 'https://keys.example.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let now = new Date('2030-03-10T12:00:00.000Z');

/** Key n, expiring `expiresIn` ms after the pinned clock (null: never); all made at the same instant. */
const expiring = (n: number, expiresIn: number | null, name = `Key ${n}`) =>
  key(n, { name, createdAt: '2030-01-01T00:00:00.000Z', expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn).toISOString() });

let factory: IDBFactory;
let opened: string[];
let permitted: boolean;

/** A fresh worker: new context and checker over the same storage, like a restart. */
function startWorker(): { ctx: Context; expiry: ExpiryChecker } {
  let expiry: ExpiryChecker | undefined;
  const ctx = createContext({
    connection: createConnectionStore(),
    notices: createNoticeStore(browser.storage.local),
    openCache: (id) => openKeysCache(id, factory),
    deleteCache: (id) => deleteKeysCache(id, factory),
    hasHostPermission: async () => true,
    runtime: { id: EXT_ID, getURL: (p) => `chrome-extension://${EXT_ID}/${p.replace(/^\//, '')}` },
    now: () => now,
    newId: () => 'id',
    preferences: createPreferencesStore(browser.storage.local),
    clipboard: recordingClipboard(),
    onCacheChanged: () => void expiry?.refresh(),
  });
  expiry = createExpiryChecker({
    ctx,
    local: browser.storage.local,
    action: browser.action,
    notifications: () => (permitted ? browser.notifications : null),
    hasNotificationPermission: async () => permitted,
    openTab: async (url) => opened.push(url),
  });
  return { ctx, expiry };
}

const notificationIds = async () => Object.keys(await browser.notifications.getAll());
const enableReminders = () => browser.storage.local.set({ [PREFERENCES_STORAGE_KEY]: { ...DEFAULT_PREFERENCES, remindersEnabled: true } });
const KEYS = () => [expiring(1, 12 * HOUR, 'CI deploy'), expiring(2, 3 * DAY, 'Billing'), expiring(3, 20 * DAY, 'Stripe webhook'), expiring(4, null)];

beforeEach(async () => {
  fakeBrowser.reset();
  await seedConnection({ apiUrl: API });
  factory = new IDBFactory();
  opened = [];
  permitted = true;
  now = new Date('2030-03-10T12:00:00.000Z');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('expiry check in the worker', () => {
  it('every cache write updates the badge: count, red within 24 h, title', async () => {
    const { ctx, expiry } = startWorker();
    await (await ctx.cache()).replaceAll(API, KEYS(), now.toISOString());
    await expiry.refresh(); // waits for the run the write queued
    expect(await browser.action.getBadgeText({})).toBe('2');
    expect(await browser.action.getBadgeBackgroundColor({})).toEqual([0xd9, 0x30, 0x25, 255]);
    expect(await browser.action.getTitle({})).toBe('Workbase API Keys: 2 keys expire within 7 days');
    await (await ctx.cache()).remove(key(1).id);
    await expiry.refresh();
    expect(await browser.action.getBadgeText({})).toBe('1');
    expect(await browser.action.getBadgeBackgroundColor({})).toEqual([0xb0, 0x60, 0x00, 255]);
    await (await ctx.cache()).clear();
    await expiry.refresh();
    expect(await browser.action.getBadgeText({})).toBe('');
  });

  it('the hourly check counts down from the cache when it cannot sync', async () => {
    const { ctx, expiry } = startWorker();
    await (await ctx.cache()).replaceAll(API, KEYS(), now.toISOString());
    now = new Date(now.getTime() + 13 * HOUR); // CI deploy has expired since
    await expiry.check(); // not connected: the sync fails, the cache remains
    expect(await browser.action.getBadgeText({})).toBe('1');
  });

  it('reminders: off by default, then once per threshold even across worker restarts', async () => {
    const first = startWorker();
    await (await first.ctx.cache()).replaceAll(API, KEYS(), now.toISOString());
    await first.expiry.refresh();
    expect(await notificationIds()).toEqual([]);
    expect(await browser.storage.local.get(sentLogKey('c1'))).toEqual({});

    await enableReminders();
    await first.expiry.refresh();
    const ids = await notificationIds();
    expect(ids).toEqual([`expiry:1:${key(1).id}`, `expiry:7:${key(2).id}`, `expiry:30:${key(3).id}`]);
    await browser.notifications.clear(ids[0]!);

    await first.expiry.refresh();
    const second = startWorker();
    await second.expiry.check();
    expect(await notificationIds()).toEqual(ids.slice(1));
  });

  it('no reminders without the notifications permission, and the log is left alone', async () => {
    permitted = false;
    await enableReminders();
    const { ctx, expiry } = startWorker();
    await (await ctx.cache()).replaceAll(API, KEYS(), now.toISOString());
    await expiry.refresh();
    expect(await browser.storage.local.get(sentLogKey('c1'))).toEqual({});
  });

  it('unreadable settings: the badge uses the default window and no reminder is sent', async () => {
    await browser.storage.local.set({ [PREFERENCES_STORAGE_KEY]: { version: 1, remindersEnabled: true } });
    const { ctx, expiry } = startWorker();
    await (await ctx.cache()).replaceAll(API, KEYS(), now.toISOString());
    await expiry.refresh();
    expect(await browser.action.getBadgeText({})).toBe('2');
    expect(await notificationIds()).toEqual([]);
  });

  it('a click opens the popup filtered to those keys and clears the notification', async () => {
    await enableReminders();
    const { ctx, expiry } = startWorker();
    await (await ctx.cache()).replaceAll(API, [expiring(1, 2 * DAY), expiring(2, 3 * DAY)], now.toISOString());
    await expiry.refresh();
    const [id] = await notificationIds();
    await expiry.onNotificationClicked(id!);
    expect(opened).toEqual([`chrome-extension://${EXT_ID}/popup.html?filter=expiring&keys=${key(1).id},${key(2).id}`]);
    expect(await notificationIds()).toEqual([]);
    await expiry.onNotificationClicked('someone-else');
    expect(opened).toHaveLength(1);
  });

  it('the hourly alarm is created once, with a 60-minute period', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now });
    const create = vi.spyOn(browser.alarms, 'create');
    await ensureExpiryAlarm(browser.alarms);
    const first = await browser.alarms.get(EXPIRY_ALARM);
    expect(first?.periodInMinutes).toBe(60);
    now = new Date(now.getTime() + 10 * 60_000);
    vi.setSystemTime(now); // a worker restart 10 minutes later must not push the next run back
    await ensureExpiryAlarm(browser.alarms);
    expect(create).toHaveBeenCalledTimes(1);
    expect((await browser.alarms.get(EXPIRY_ALARM))?.scheduledTime).toBe(first?.scheduledTime);
    expect(await browser.alarms.getAll()).toHaveLength(1);
  });
});
