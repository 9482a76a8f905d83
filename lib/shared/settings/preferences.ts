// The admin's preferences (options page → "Settings"), stored versioned in
// storage.local so a later release can migrate them. Pure: the schema,
// defaults and migration; reading and writing storage lives in the worker.
import { z } from '../contract/zod';

/** Clipboard auto-clear choices, in seconds; 0 = never clear. */
export const CLIPBOARD_CLEAR_CHOICES = [0, 10, 20, 30, 60, 120, 300] as const;

export const Preferences = z.strictObject({
  version: z.literal(1),
  /** Keys expiring within this many days count as "expiring soon" (badge, popup). */
  warningDays: z.int().check(z.gte(1, 'Warning window must be at least 1 day.'), z.lte(90, 'Warning window must be at most 90 days.')),
  /** Browser notifications; off until the admin switches them on (that is when the permission is requested). */
  remindersEnabled: z.boolean(),
  /** Days before expiry at which a reminder is sent; "on expiry" is `remindOnExpiry`. */
  reminderDays: z.array(z.int().check(z.gte(1), z.lte(365))).check(z.maxLength(6, 'At most 6 reminder thresholds.')),
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
