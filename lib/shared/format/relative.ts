// Human-readable times for the key list. Pure: the clock is always passed in,
// so the popup can re-render on a timer and tests can pin "now".
import type { KeyMeta } from '../contract/schemas';
import { isExpired } from '../expiry/rules';
import { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE, SECOND_MS as SECOND } from '../time';

const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

// numeric: 'always' so it reads "in 1 day" / "1 day ago" consistently,
// never a mix of "tomorrow" and "in 2 days".
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  // unit, size in ms, use this unit while |delta| is below this many ms
  ['second', SECOND, MINUTE],
  ['minute', MINUTE, HOUR],
  ['hour', HOUR, DAY],
  ['day', DAY, MONTH],
  ['month', MONTH, YEAR],
  ['year', YEAR, Infinity],
];

/** "in 3 days" / "2 hours ago" for `deltaMs` = target - now. */
export function relativeTime(deltaMs: number): string {
  const abs = Math.abs(deltaMs);
  for (const [unit, size, below] of UNITS) {
    if (abs < below) {
      // Round to the nearest whole unit, so a key made a moment ago "expires in
      // 3 days", not "in 2 days" (2 days, 23 hours and 59 minutes, truncated).
      const value = Math.round(Math.abs(deltaMs) / size);
      return rtf.format(deltaMs < 0 ? -value : value, unit);
    }
  }
  /* c8 ignore next */
  return rtf.format(Math.round(deltaMs / YEAR), 'year');
}

function ms(iso: string): number {
  return Date.parse(iso);
}

/** "expires in 3 days" | "expired 2 days ago" | "never expires". */
export function formatExpiry(key: Pick<KeyMeta, 'status' | 'expiresAt'>, now: Date): string {
  if (key.expiresAt === null) return key.status === 'expired' ? 'expired' : 'never expires';
  const delta = ms(key.expiresAt) - now.getTime();
  if (isExpired(key, now)) {
    // The server may mark a key expired a moment before our clock agrees.
    if (delta >= 0 || -delta < MINUTE) return 'expired just now';
    return `expired ${relativeTime(delta)}`;
  }
  if (delta < MINUTE) return 'expires in less than a minute';
  return `expires ${relativeTime(delta)}`;
}

function pastPhrase(prefix: string, iso: string, now: Date): string {
  const delta = ms(iso) - now.getTime();
  // A timestamp slightly in the future is clock skew between us and the server.
  if (delta > -MINUTE) return `${prefix} just now`;
  return `${prefix} ${relativeTime(delta)}`;
}

/** "last used 3 hours ago" | "never used". */
export function formatLastUsed(key: Pick<KeyMeta, 'lastUsedAt'>, now: Date): string {
  return key.lastUsedAt === null ? 'never used' : pastPhrase('last used', key.lastUsedAt, now);
}

/** "created 3 days ago". */
export function formatCreated(key: Pick<KeyMeta, 'createdAt'>, now: Date): string {
  return pastPhrase('created', key.createdAt, now);
}

/** "Updated just now" (< 60 s) / "Updated 5 minutes ago"; "Not updated yet" before the first sync. */
export function formatUpdated(syncedAt: string | null, now: Date): string {
  if (syncedAt === null) return 'Not updated yet';
  const delta = ms(syncedAt) - now.getTime();
  if (delta > -MINUTE) return 'Updated just now';
  return `Updated ${relativeTime(delta)}`;
}

/** The exact local date and time, for title attributes: "Thu, Nov 26, 2026, 11:59 PM GMT+1". */
export function exactDate(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
