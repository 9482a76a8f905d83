// The toolbar badge: how many ACTIVE keys expire within the warning window.
// Pure: keys, the clock and the window are parameters, so the worker can
// recompute it from the cache alone (offline) and tests can pin "now".
import type { KeyMeta } from '../contract/schemas';
import { DAY_MS } from '../time';
import { isExpired } from './rules';

/** Red: something stops working within a day. */
export const BADGE_URGENT = '#d93025';
/** Dark amber: white text on it keeps a contrast ratio above 4.5:1. */
export const BADGE_WARNING = '#b06000';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export const BADGE_TITLE = 'Workbase API Keys';

type BadgeKey = Pick<KeyMeta, 'status' | 'expiresAt'>;

/** How many keys expire within the window, and whether one does within a day. */
export function expiringCount(keys: readonly BadgeKey[], now: Date, warningDays: number): { count: number; urgent: boolean } {
  const nowMs = now.getTime();
  let count = 0;
  let urgent = false;
  for (const key of keys) {
    if (key.expiresAt === null || isExpired(key, now)) continue;
    const left = Date.parse(key.expiresAt) - nowMs;
    if (left > warningDays * DAY_MS) continue;
    count++;
    if (left <= DAY_MS) urgent = true;
  }
  return { count, urgent };
}

export function badgeFor(keys: readonly BadgeKey[], now: Date, warningDays: number): Badge {
  const { count, urgent } = expiringCount(keys, now, warningDays);
  if (count === 0) return { text: '', color: BADGE_WARNING, title: BADGE_TITLE };
  const days = warningDays === 1 ? '1 day' : `${warningDays} days`;
  const what = count === 1 ? '1 key expires' : `${count} keys expire`;
  return {
    text: count > 99 ? '99+' : String(count),
    color: urgent ? BADGE_URGENT : BADGE_WARNING,
    title: `${BADGE_TITLE}: ${what} within ${days}`,
  };
}
