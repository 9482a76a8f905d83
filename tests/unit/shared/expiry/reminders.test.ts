import { describe, expect, it } from 'vitest';
import {
  dueReminders,
  notificationId,
  ON_EXPIRY,
  parseNotificationId,
  popupPathFor,
  readSentLog,
  reminderText,
  type ReminderKey,
  type SentLog,
} from '../../../../lib/shared/expiry/reminders';
import { key } from '../../../support/keys';

const T0 = Date.parse('2030-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PREFS = { reminderDays: [30, 7, 1], remindOnExpiry: true };
const EXPIRES = new Date(T0 + 40 * DAY).toISOString();

/** Key n expiring at expiresAt (the reminder rules read only id, name, status, expiresAt). */
const k = (n: number, expiresAt: string | null, name = `Key ${n}`, status: 'active' | 'expired' = 'active'): ReminderKey =>
  key(n, { expiresAt, name, status });
/** An injected clock: `at(d)` is d days after T0. */
const at = (days: number) => new Date(T0 + days * DAY);

/** Runs the check at each instant, carrying the log like the worker does; returns the thresholds sent per run. */
function runAt(keys: ReminderKey[], instants: Date[], prefs = PREFS, log: SentLog = {}) {
  const sent: number[][] = [];
  for (const now of instants) {
    const result = dueReminders(keys, now, prefs, log);
    log = result.sentLog;
    sent.push(result.notifications.map((n) => n.threshold));
  }
  return { sent, log };
}

describe('dueReminders', () => {
  it('sends each threshold once as it is crossed, then "on expiry"', () => {
    const key = k(1, EXPIRES);
    // Before any threshold, at 30 days, twice at 7 days, at 1 day, after expiry, and much later.
    const { sent } = runAt([key], [at(5), at(10), at(33), at(33.5), at(39.5), at(40.01), at(41), at(60)]);
    expect(sent).toEqual([[], [30], [7], [], [1], [ON_EXPIRY], [], []]);
  });

  it('after sleeping through several thresholds sends only the most urgent and marks the rest', () => {
    const key = k(1, EXPIRES);
    const first = dueReminders([key], at(39.5), PREFS, {});
    expect(first.notifications).toEqual([{ threshold: 1, keys: [key] }]);
    expect(first.sentLog).toEqual({ [`${key.id}|${EXPIRES}`]: [30, 7, 1] });
    // Slept through everything, including expiry: one "expired" reminder, nothing stale.
    const late = dueReminders([key], at(41), PREFS, {});
    expect(late.notifications.map((n) => n.threshold)).toEqual([ON_EXPIRY]);
    expect(dueReminders([key], at(41.5), PREFS, late.sentLog).notifications).toEqual([]);
  });

  it('running twice at the same instant sends nothing the second time', () => {
    const keys = [k(1, EXPIRES), k(2, new Date(T0 + 3 * DAY).toISOString())];
    const { sent } = runAt(keys, [at(0), at(0)]);
    expect(sent).toEqual([[7], []]);
  });

  it('a new expiresAt for the same key gets fresh reminders, and the old entry is pruned', () => {
    const old = k(1, EXPIRES);
    const { log } = runAt([old], [at(33)]);
    const shortened = { ...old, expiresAt: new Date(T0 + 33.5 * DAY).toISOString() };
    const next = dueReminders([shortened], at(33), PREFS, log);
    expect(next.notifications).toEqual([{ threshold: 1, keys: [shortened] }]);
    expect(Object.keys(next.sentLog)).toEqual([`${old.id}|${shortened.expiresAt}`]);
  });

  it('prunes keys that no longer exist', () => {
    const { log } = runAt([k(1, EXPIRES), k(2, EXPIRES)], [at(33)]);
    expect(Object.keys(log)).toHaveLength(2);
    expect(Object.keys(dueReminders([k(2, EXPIRES)], at(33), PREFS, log).sentLog)).toEqual([`${k(2, EXPIRES).id}|${EXPIRES}`]);
    expect(dueReminders([], at(33), PREFS, log).sentLog).toEqual({});
  });

  it('groups keys reaching the same threshold into one notification, most urgent first', () => {
    const in5 = new Date(T0 + 5 * DAY).toISOString();
    const keys = [
      k(1, in5, 'CI deploy'),
      k(2, in5, 'Billing'),
      k(3, in5, 'Stripe webhook'),
      k(4, new Date(T0 + 12 * HOUR).toISOString(), 'Nightly'),
      k(5, null),
    ];
    const { notifications } = dueReminders(keys, at(0), PREFS, {});
    expect(notifications.map((n) => [n.threshold, n.keys.map((x) => x.name)])).toEqual([
      [1, ['Nightly']],
      [7, ['CI deploy', 'Billing', 'Stripe webhook']],
    ]);
    expect(reminderText(notifications[1]!).message).toBe('3 API keys expire within 7 days: CI deploy, Billing, Stripe webhook');
    expect(reminderText(notifications[0]!).message).toBe('API key “Nightly” expires within 1 day.');
  });

  it('skips day thresholds for expired keys; "on expiry" only within the last 7 days', () => {
    const recent = k(1, new Date(T0 - 2 * DAY).toISOString());
    const old = k(2, new Date(T0 - 30 * DAY).toISOString());
    const byStatus = k(3, new Date(T0 + 3 * DAY).toISOString(), 'Revoked', 'expired');
    const result = dueReminders([recent, old, byStatus], at(0), PREFS, {});
    expect(result.notifications).toEqual([{ threshold: ON_EXPIRY, keys: [recent, byStatus] }]);
    expect(reminderText(result.notifications[0]!).message).toBe('2 API keys have expired: Key 1, Revoked');
    // The old one is marked, so it never fires later either.
    expect(result.sentLog[`${old.id}|${old.expiresAt}`]).toEqual([30, 7, 1, 0]);
  });

  it('honours the preferences: no "on expiry", custom days, and a newly added threshold already passed stays quiet', () => {
    const key = k(1, EXPIRES);
    expect(dueReminders([key], at(41), { reminderDays: [30, 7, 1], remindOnExpiry: false }, {}).notifications).toEqual([]);
    const { log } = runAt([key], [at(33)]); // sent 30 and 7
    // Adding 14 later: the 7-day reminder (more urgent) already went out, so nothing new.
    expect(dueReminders([key], at(34), { reminderDays: [30, 14, 7, 1], remindOnExpiry: true }, log).notifications).toEqual([]);
    expect(runAt([key], [at(20), at(30)], { reminderDays: [20], remindOnExpiry: false }).sent).toEqual([[20], []]);
  });

  it('works on instants: the same moment written with another offset gives the same answer', () => {
    const utc = k(1, '2030-03-11T03:00:00.000Z');
    const tokyo = k(1, '2030-03-11T12:00:00+09:00');
    expect(dueReminders([utc], at(0), PREFS, {}).notifications.map((n) => n.threshold)).toEqual([1]);
    expect(dueReminders([tokyo], at(0), PREFS, {}).notifications.map((n) => n.threshold)).toEqual([1]);
  });
});

describe('reminder plumbing', () => {
  it('a notification id round-trips to its key ids and leads to the filtered popup', () => {
    const keys = [k(1, EXPIRES), k(2, EXPIRES)];
    const id = notificationId({ threshold: 7, keys });
    expect(parseNotificationId(id)).toEqual({ keyIds: keys.map((x) => x.id), connectionId: null });
    expect(parseNotificationId(notificationId({ threshold: 7, keys }, 'org-prod'))).toEqual({
      keyIds: keys.map((x) => x.id),
      connectionId: 'org-prod',
    });
    expect(parseNotificationId(`expiry:7@Bad_Id:${keys[0]!.id}`)).toBeNull();
    expect(parseNotificationId('something-else')).toBeNull();
    expect(parseNotificationId('expiry:7:key_1,<script>')).toBeNull();
    expect(popupPathFor([keys[0]!.id, keys[1]!.id])).toBe(`/popup.html?filter=expiring&keys=${keys[0]!.id},${keys[1]!.id}`);
  });

  it('a damaged sent log starts empty instead of crashing', () => {
    expect(readSentLog(undefined)).toEqual({});
    expect(readSentLog('nonsense')).toEqual({});
    expect(readSentLog({ a: [7, 'x'] })).toEqual({});
    expect(readSentLog({ a: [7, 1] })).toEqual({ a: [7, 1] });
  });

  it('long groups name five keys and count the rest', () => {
    const keys = Array.from({ length: 8 }, (_, i) => k(i, EXPIRES));
    expect(reminderText({ threshold: 30, keys }).message).toBe('8 API keys expire within 30 days: Key 0, Key 1, Key 2, Key 3, Key 4 and 3 more');
  });
});
