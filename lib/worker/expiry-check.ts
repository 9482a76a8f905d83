// Expiry awareness in the worker: the toolbar badge and expiry reminders,
// recomputed from the key cache with the real clock whenever the cache or the
// settings change, and hourly from an alarm (which first tries a fresh sync,
// so the badge still counts down from cached data when the API is offline).
// Browser APIs are injected: main.ts passes the real ones, tests pass fakes.
import { badgeFor, type Badge } from '../shared/expiry/badge';
import { dueReminders, notificationId, parseNotificationId, popupPathFor, readSentLog, reminderText, SENT_LOG_KEY } from '../shared/expiry/reminders';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/settings/preferences';
import type { StorageAreaLike } from './stores/connection-store';
import type { Context } from './context';

export const EXPIRY_ALARM = 'expiry-check';
const EXPIRY_PERIOD_MINUTES = 60;

export interface ExpiryDeps {
  ctx: Context;
  local: StorageAreaLike;
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { color: string }): Promise<void>;
    setTitle(details: { title: string }): Promise<void>;
  };
  /** null while the optional "notifications" permission is not granted (chrome.notifications is absent then). */
  notifications: () => NotificationsLike | null;
  hasNotificationPermission: () => Promise<boolean>;
  openTab: (url: string) => Promise<unknown>;
}

export interface NotificationsLike {
  create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
  clear(id: string): Promise<boolean>;
}

export interface ExpiryChecker {
  /** Badge + reminders from the cache. Runs one at a time, so a reminder can't be sent twice by overlapping runs. */
  refresh(): Promise<void>;
  /** The hourly check: sync if possible (offline is fine), then refresh. */
  check(): Promise<void>;
  /** A click on one of our reminders opens the popup filtered to its keys. */
  onNotificationClicked(id: string): Promise<void>;
  /** The last badge set, for tests and diagnostics. */
  lastBadge(): Badge | null;
}

export function createExpiryChecker(deps: ExpiryDeps): ExpiryChecker {
  const { ctx } = deps;
  let queue: Promise<void> = Promise.resolve();
  let badge: Badge | null = null;

  async function preferences(): Promise<Preferences | null> {
    try {
      return (await ctx.deps.preferences?.load()) ?? DEFAULT_PREFERENCES;
    } catch {
      // Unreadable settings: the options page shows why. Meanwhile the badge uses
      // the default window and no reminder is sent on settings we can't read.
      return null;
    }
  }

  async function run(): Promise<void> {
    const snapshot = await (await ctx.cache()).readSnapshot();
    const prefs = await preferences();
    const now = ctx.deps.now();
    badge = badgeFor(snapshot.keys, now, (prefs ?? DEFAULT_PREFERENCES).warningDays);
    await Promise.all([
      deps.action.setBadgeText({ text: badge.text }),
      deps.action.setBadgeBackgroundColor({ color: badge.color }),
      deps.action.setTitle({ title: badge.title }),
    ]);
    if (!prefs?.remindersEnabled || !(await deps.hasNotificationPermission())) return;
    const notifications = deps.notifications();
    if (!notifications) return;
    const log = readSentLog((await deps.local.get(SENT_LOG_KEY))[SENT_LOG_KEY]);
    const due = dueReminders(snapshot.keys, now, prefs, log);
    // Log first: a worker stopped mid-way skips a reminder rather than repeating it.
    await deps.local.set({ [SENT_LOG_KEY]: due.sentLog });
    const iconUrl = ctx.deps.runtime.getURL('/icon/128.png');
    for (const n of due.notifications) {
      await notifications.create(notificationId(n), { type: 'basic', iconUrl, ...reminderText(n) });
    }
  }

  const checker: ExpiryChecker = {
    refresh() {
      const next = queue.then(run, run);
      queue = next.catch(() => {});
      return next;
    },
    async check() {
      // A failed sync (offline, token gone) still leaves the cache to count down from.
      await ctx.sync().catch(() => {});
      await checker.refresh();
    },
    async onNotificationClicked(id) {
      const keyIds = parseNotificationId(id);
      if (!keyIds) return;
      await deps.openTab(ctx.deps.runtime.getURL(popupPathFor(keyIds)));
      await deps.notifications()?.clear(id);
    },
    lastBadge: () => badge,
  };
  return checker;
}

export interface AlarmsLike {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): void | Promise<void>;
}

/** Creates the hourly alarm unless it exists (re-creating would push the next run back an hour). */
export async function ensureExpiryAlarm(alarms: AlarmsLike): Promise<void> {
  if (await alarms.get(EXPIRY_ALARM)) return;
  await alarms.create(EXPIRY_ALARM, { periodInMinutes: EXPIRY_PERIOD_MINUTES, delayInMinutes: EXPIRY_PERIOD_MINUTES });
}
