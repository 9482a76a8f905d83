// Expiry awareness in the worker: the toolbar badge and expiry reminders,
// for every connection (the badge shows the sum, its tooltip each
// connection's count; each connection keeps its own reminder log), recomputed
// from the key caches with the real clock whenever the cache or the
// settings change, and hourly from an alarm (which first tries a fresh sync,
// so the badge still counts down from cached data when the API is offline).
// Browser APIs are injected: main.ts passes the real ones, tests pass fakes.
import { badgeFor, expiringCount, type Badge } from '../shared/expiry/badge';
import { sumBadges } from '../shared/expiry/badge-sum';
import { dueReminders, notificationId, parseNotificationId, popupPathFor, readSentLog, reminderText, SENT_LOG_KEY } from '../shared/expiry/reminders';
import { MIGRATED_ID } from './stores/connection-store';
import { DEFAULT_PREFERENCES, type Preferences } from '../shared/settings/preferences';
import type { StorageAreaLike } from './stores/connection-store';
import type { Context } from './context';

export const EXPIRY_ALARM = 'expiry-check';

/** Each connection's reminder log (SENT_LOG_KEY was the single connection's). */
export function sentLogKey(connectionId: string): string {
  return `${SENT_LOG_KEY}.${connectionId}`;
}
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
    await ctx.ready();
    const { connections } = await ctx.deps.connection.list();
    const prefs = await preferences();
    const now = ctx.deps.now();
    const warningDays = (prefs ?? DEFAULT_PREFERENCES).warningDays;
    // Each connection from its own cache; one that can't be read counts as none (its popup shows why).
    const snapshots = await Promise.all(
      connections.map(async (c) => ({ connection: c, keys: (await (await ctx.cache(c.id)).readSnapshot().catch(() => null))?.keys ?? [] })),
    );
    badge =
      connections.length <= 1
        ? badgeFor(snapshots[0]?.keys ?? [], now, warningDays)
        : sumBadges(
            snapshots.map((s) => ({ name: s.connection.name, ...expiringCount(s.keys, now, warningDays) })),
            warningDays,
          );
    await Promise.all([
      deps.action.setBadgeText({ text: badge.text }),
      deps.action.setBadgeBackgroundColor({ color: badge.color }),
      deps.action.setTitle({ title: badge.title }),
    ]);
    if (!prefs?.remindersEnabled || !(await deps.hasNotificationPermission())) return;
    const notifications = deps.notifications();
    if (!notifications) return;
    const iconUrl = ctx.deps.runtime.getURL('/icon/128.png');
    for (const { connection, keys } of snapshots) {
      const logKey = sentLogKey(connection.id);
      const stored = await deps.local.get([logKey, SENT_LOG_KEY]);
      // Migration: the log of the single connection of before is the first connection's.
      const log = readSentLog(stored[logKey] ?? (connection.id === MIGRATED_ID ? stored[SENT_LOG_KEY] : undefined));
      const due = dueReminders(keys, now, prefs, log);
      // Log first: a worker stopped mid-way skips a reminder rather than repeating it.
      await deps.local.set({ [logKey]: due.sentLog });
      if (connection.id === MIGRATED_ID) await deps.local.remove(SENT_LOG_KEY);
      for (const n of due.notifications) {
        const text = reminderText(n);
        // With several connections, say which one: "Acme production: API key … expires".
        const title = connections.length > 1 ? `${connection.name}: ${text.title}` : text.title;
        // With one connection the id stays as before (a click then opens the only one).
        const id = connections.length > 1 ? notificationId(n, connection.id) : notificationId(n);
        await notifications.create(id, { type: 'basic', iconUrl, title, message: text.message });
      }
    }
  }

  const checker: ExpiryChecker = {
    refresh() {
      const next = queue.then(run, run);
      queue = next.catch(() => {});
      return next;
    },
    async check() {
      // A failed sync (offline, token gone) still leaves the cache to count down from; one connection's failure is its own.
      const { connections } = await ctx.deps.connection.list().catch(() => ({ connections: [] }));
      await Promise.all(connections.map((c) => ctx.sync(c.id).catch(() => {})));
      await checker.refresh();
    },
    async onNotificationClicked(id) {
      const parsed = parseNotificationId(id);
      if (!parsed) return;
      // The popup opens on the connection the reminder was about.
      if (parsed.connectionId) await ctx.deps.connection.select(parsed.connectionId).catch(() => {});
      await deps.openTab(ctx.deps.runtime.getURL(popupPathFor(parsed.keyIds)));
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
