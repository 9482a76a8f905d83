// Expiry reminders: which notifications are due now, and the bookkeeping that
// makes each one fire at most once per key and threshold. Pure: the clock,
// preferences and the sent log are parameters; the worker persists the log.
//
// The log is keyed by keyId + expiresAt, so a key whose expiry changed (a
// replacement shortened it) starts over with fresh reminders.
import { z } from '../contract/zod';
import { KEY_ID_PATTERN, type KeyMeta } from '../contract/schemas';
import { REMINDER_DAYS_MAX, type Preferences } from '../settings/preferences';
import { DAY_MS } from '../time';
import { isExpired } from './rules';

/** "On expiry" fires only for keys that expired this recently, so a first run on an old cache doesn't spam. */
const ON_EXPIRY_WINDOW_MS = 7 * DAY_MS;
/** Threshold 0 means "on expiry"; any other number is days before expiry. */
export const ON_EXPIRY = 0;

export const SENT_LOG_KEY = 'reminders.sent.v1';
/** `${keyId}|${expiresAt}` → thresholds already sent (or skipped as stale). */
export const SentLog = z.record(z.string(), z.array(z.int().check(z.gte(0), z.lte(REMINDER_DAYS_MAX))));
export type SentLog = z.infer<typeof SentLog>;

export type ReminderKey = Pick<KeyMeta, 'id' | 'name' | 'status' | 'expiresAt'>;

export interface DueNotification {
  threshold: number;
  keys: ReminderKey[];
}

type ReminderPrefs = Pick<Preferences, 'reminderDays' | 'remindOnExpiry'>;

function logKey(key: { id: string; expiresAt: string }): string {
  return `${key.id}|${key.expiresAt}`;
}

export function dueReminders(
  keys: readonly ReminderKey[],
  now: Date,
  prefs: ReminderPrefs,
  sentLog: SentLog,
): { notifications: DueNotification[]; sentLog: SentLog } {
  const nowMs = now.getTime();
  const days = [...new Set(prefs.reminderDays)];
  const next: SentLog = {};
  const groups = new Map<number, ReminderKey[]>();

  for (const key of keys) {
    if (key.expiresAt === null) continue;
    const id = logKey({ id: key.id, expiresAt: key.expiresAt });
    const sent = new Set(sentLog[id] ?? []);
    const left = Date.parse(key.expiresAt) - nowMs;
    let due: number | undefined;
    if (isExpired(key, now)) {
      // Day thresholds are moot once a key has expired: mark them so they never fire late.
      for (const d of days) sent.add(d);
      if (prefs.remindOnExpiry && !sent.has(ON_EXPIRY) && -left <= ON_EXPIRY_WINDOW_MS) due = ON_EXPIRY;
      sent.add(ON_EXPIRY);
    } else {
      const crossed = days.filter((d) => left <= d * DAY_MS);
      if (crossed.length > 0) {
        // Slept through several thresholds: only the most urgent one is news.
        const mostUrgent = Math.min(...crossed);
        if (!sent.has(mostUrgent)) due = mostUrgent;
        for (const d of crossed) sent.add(d);
      }
    }
    if (due !== undefined) groups.set(due, [...(groups.get(due) ?? []), key]);
    // Only current keys are carried over: deleted keys and old expiries are pruned.
    if (sent.size > 0) next[id] = [...sent].sort((a, b) => b - a);
  }

  const notifications = [...groups.entries()].sort(([a], [b]) => a - b).map(([threshold, group]) => ({ threshold, keys: group }));
  return { notifications, sentLog: next };
}

/** Reads a stored log; anything unreadable starts empty (the worst case is one repeated reminder). */
export function readSentLog(stored: unknown): SentLog {
  const parsed = SentLog.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

const NAMES_SHOWN = 5;

function nameList(keys: readonly ReminderKey[]): string {
  const names = keys.map((k) => k.name);
  if (names.length <= NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;
}

/** Title and text of one notification, e.g. "3 API keys expire within 7 days: CI deploy, Billing, Stripe webhook". */
export function reminderText(n: DueNotification): { title: string; message: string } {
  const count = n.keys.length;
  const first = n.keys[0]?.name ?? '';
  if (n.threshold === ON_EXPIRY) {
    return {
      title: count === 1 ? 'API key expired' : 'API keys expired',
      message: count === 1 ? `API key “${first}” has expired.` : `${count} API keys have expired: ${nameList(n.keys)}`,
    };
  }
  const within = n.threshold === 1 ? '1 day' : `${n.threshold} days`;
  return {
    title: count === 1 ? 'API key expiring soon' : 'API keys expiring soon',
    message: count === 1 ? `API key “${first}” expires within ${within}.` : `${count} API keys expire within ${within}: ${nameList(n.keys)}`,
  };
}

// Notification ids carry what a click needs: "expiry:<threshold>:<id>,<id>",
// or "expiry:<threshold>@<connection id>:<id>,<id>" for one connection's keys.
const ID_PREFIX = 'expiry:';

export function notificationId(n: DueNotification, connectionId?: string): string {
  return `${ID_PREFIX}${n.threshold}${connectionId ? `@${connectionId}` : ''}:${n.keys.map((k) => k.id).join(',')}`;
}

/** The key ids (and connection) of one of our notifications; null for any other id. */
export function parseNotificationId(id: string): { keyIds: string[]; connectionId: string | null } | null {
  const match = /^expiry:(\d{1,3})(?:@([a-z0-9][a-z0-9-]{0,63}))?:(.+)$/.exec(id);
  if (!match) return null;
  const ids = (match[3] ?? '').split(',');
  return ids.every((k) => KEY_ID_PATTERN.test(k)) ? { keyIds: ids, connectionId: match[2] ?? null } : null;
}

/** Where a click on a reminder leads: the popup, filtered to those keys. */
export function popupPathFor(keyIds: readonly string[]): string {
  // Key ids are [a-z0-9_] only, so the comma-separated list needs no escaping.
  return `/popup.html?filter=expiring&keys=${keyIds.join(',')}`;
}
