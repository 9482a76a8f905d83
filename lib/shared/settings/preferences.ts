// The admin's preferences (options page → "Settings"), stored versioned in
// storage.local so a later release can migrate them. Pure: the schema,
// defaults and migration; reading and writing storage lives in the worker.
import { z } from '../contract/zod';

/** Clipboard auto-clear choices, in seconds; 0 = never clear. */
export const CLIPBOARD_CLEAR_CHOICES = [0, 10, 20, 30, 60, 120, 300] as const;

// The limits, defined once: the schema below and the settings form both derive
// from these, so changing a limit is one edit here.
/** The warning window ("expiring soon"), in whole days. */
export const WARNING_DAYS_MIN = 1;
export const WARNING_DAYS_MAX = 90;
/** A reminder threshold, in whole days before expiry. */
export const REMINDER_DAYS_MIN = 1;
export const REMINDER_DAYS_MAX = 365;
/** How many reminder thresholds an admin may set. */
export const REMINDER_THRESHOLDS_MAX = 6;

export const Preferences = z.strictObject({
  version: z.literal(1),
  /** Keys expiring within this many days count as "expiring soon" (badge, popup). */
  warningDays: z
    .int()
    .check(
      z.gte(WARNING_DAYS_MIN, `Warning window must be at least ${WARNING_DAYS_MIN} day${WARNING_DAYS_MIN === 1 ? '' : 's'}.`),
      z.lte(WARNING_DAYS_MAX, `Warning window must be at most ${WARNING_DAYS_MAX} days.`),
    ),
  /** Browser notifications; off until the admin switches them on (that is when the permission is requested). */
  remindersEnabled: z.boolean(),
  /** Days before expiry at which a reminder is sent; "on expiry" is `remindOnExpiry`. */
  reminderDays: z
    .array(z.int().check(z.gte(REMINDER_DAYS_MIN), z.lte(REMINDER_DAYS_MAX)))
    .check(z.maxLength(REMINDER_THRESHOLDS_MAX, `At most ${REMINDER_THRESHOLDS_MAX} reminder thresholds.`)),
  remindOnExpiry: z.boolean(),
  clipboardClearSeconds: z.union(CLIPBOARD_CLEAR_CHOICES.map((n) => z.literal(n))),
});
export type Preferences = z.infer<typeof Preferences>;

export const DEFAULT_PREFERENCES: Preferences = {
  version: 1,
  warningDays: 7,
  remindersEnabled: false,
  reminderDays: [30, 7, 1],
  remindOnExpiry: true,
  clipboardClearSeconds: 30,
};

export const PREFERENCES_STORAGE_KEY = 'preferences';

/**
 * Reads a stored value: nothing stored → defaults; a known older version →
 * migrated; anything unreadable → a typed error (the caller shows it and
 * offers to reset), never a silent default.
 */
export function readPreferences(stored: unknown): { ok: true; value: Preferences } | { ok: false; message: string } {
  if (stored === undefined || stored === null) return { ok: true, value: DEFAULT_PREFERENCES };
  const parsed = Preferences.safeParse(stored);
  if (parsed.success) return { ok: true, value: { ...parsed.data, reminderDays: normalizeDays(parsed.data.reminderDays) } };
  return { ok: false, message: 'Saved settings could not be read (they may come from a newer version). Save them again in Options.' };
}

/** Unique, largest first: the order reminders are reached in. */
export function normalizeDays(days: readonly number[]): number[] {
  return [...new Set(days)].sort((a, b) => b - a);
}
