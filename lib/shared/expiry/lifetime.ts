// A replacement key gets the same lifetime as the key it replaces: the old
// key lived (expiresAt − createdAt), so the new one expires that many whole
// days from today. Pure: "now" and the time zone are parameters.
import type { KeyMeta } from '../contract/schemas';
import { DAY_MS } from '../time';
import { presetDate } from './rules';

/** Whole days between creation and expiry (rounded, at least 1); null for a key that never expires. */
export function lifetimeDays(key: Pick<KeyMeta, 'createdAt' | 'expiresAt'>): number | null {
  if (key.expiresAt === null) return null;
  const ms = Date.parse(key.expiresAt) - Date.parse(key.createdAt);
  if (!Number.isFinite(ms)) return null;
  // A key made late in the day for "today" lives a few hours: a replacement still gets a whole day.
  return Math.max(1, Math.round(ms / DAY_MS));
}

/** The Generate form's Expiration date for a replacement: today + lifetime ("YYYY-MM-DD"), or '' (never expires). */
export function replacementDate(key: Pick<KeyMeta, 'createdAt' | 'expiresAt'>, now: Date, timeZone?: string): string {
  const days = lifetimeDays(key);
  return days === null ? '' : presetDate(days, now, timeZone);
}
