// Expiration rules for the Generate form and the key list. Pure: "now" and
// the time zone are parameters. A chosen date means "valid through that whole
// day in the admin's time zone": the key expires at 23:59:59.999 local time.
import type { KeyMeta } from '../contract/schemas';
import { DEFAULT_PREFERENCES } from '../settings/preferences';
import { DAY_MS } from '../time';

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The admin's IANA time zone, e.g. "Europe/Berlin". */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Parses a strict, real calendar date "YYYY-MM-DD"; null if it is not one. */
export function parseDate(text: string): { y: number; m: number; d: number } | null {
  const match = DATE_SHAPE.exec(text);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1970 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return { y, m, d };
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of `instantMs` in `timeZone`. */
function wallClock(instantMs: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const out: Record<string, number> = {};
  for (const p of partsIn(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { y: out.year!, m: out.month!, d: out.day!, h: out.hour! % 24, min: out.minute!, s: out.second! };
}

/** The zone's offset from UTC at `instantMs`, in ms (Berlin in winter: +3_600_000). */
function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const w = wallClock(whole, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - whole;
}

/**
 * The ISO instant of 23:59:59.999 on `date` ("YYYY-MM-DD") in `timeZone`
 * (default: this browser's zone, via the local Date constructor, which knows
 * that day's DST offset). Throws on an invalid date.
 */
export function endOfLocalDay(date: string, timeZone?: string): string {
  const p = parseDate(date);
  if (!p) throw new RangeError(`Not a date: ${date}`);
  if (timeZone === undefined) {
    return new Date(p.y, p.m - 1, p.d, 23, 59, 59, 999).toISOString();
  }
  const wallAsUtc = Date.UTC(p.y, p.m - 1, p.d, 23, 59, 59, 999);
  // The offset near the target instant; one correction pass settles DST days.
  const first = offsetAt(wallAsUtc, timeZone);
  let instant = wallAsUtc - first;
  const second = offsetAt(instant, timeZone);
  if (second !== first) instant = wallAsUtc - second;
  return new Date(instant).toISOString();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Today + `days` as a local calendar date "YYYY-MM-DD" (in `timeZone` if given). */
export function presetDate(days: number, now: Date, timeZone?: string): string {
  if (timeZone === undefined) {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
    return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  const w = wallClock(now.getTime(), timeZone);
  const d = new Date(Date.UTC(w.y, w.m - 1, w.d + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export type ExpirationCheck = { ok: true; expiresAt: string | null } | { ok: false; message: string };

/**
 * Checks the form's expiration field. Blank means "never expires". A date
 * whose end (23:59:59.999 local) has already passed is refused here, before
 * any request is sent.
 */
export function validateExpirationDate(text: string, now: Date, timeZone?: string): ExpirationCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, expiresAt: null };
  if (!parseDate(trimmed)) return { ok: false, message: 'Enter a valid date (YYYY-MM-DD), or leave it blank for no expiration.' };
  const expiresAt = endOfLocalDay(trimmed, timeZone);
  if (Date.parse(expiresAt) <= now.getTime()) {
    return { ok: false, message: 'The expiration date is in the past. Choose today or a later date.' };
  }
  return { ok: true, expiresAt };
}

/**
 * The one "is expired" rule: the server says so, or now ≥ the expiry instant.
 * On parsed numbers, so the list's hot path (arrangeKeys) shares it.
 */
function expiredAt(status: KeyMeta['status'], expiresMs: number | null, nowMs: number): boolean {
  return status === 'expired' || (expiresMs !== null && nowMs >= expiresMs);
}

/** Expired: the server says so, or now ≥ expiresAt. */
export function isExpired(key: Pick<KeyMeta, 'status' | 'expiresAt'>, now: Date): boolean {
  return expiredAt(key.status, key.expiresAt === null ? null : Date.parse(key.expiresAt), now.getTime());
}

/** Still valid, but expires within `windowDays` days (the admin's warning window). */
export function isExpiringSoon(key: Pick<KeyMeta, 'status' | 'expiresAt'>, now: Date, windowDays = DEFAULT_PREFERENCES.warningDays): boolean {
  if (key.expiresAt === null || isExpired(key, now)) return false;
  return Date.parse(key.expiresAt) - now.getTime() <= windowDays * DAY_MS;
}

// ---- The popup's expiry view: filters, order, and the "unused" flag ---------

export const KEY_FILTERS = ['all', 'expiring', 'expired', 'never'] as const;
export type KeyFilter = (typeof KEY_FILTERS)[number];

/** A key created this long ago and not used for as long is flagged "unused for 90+ days". */
export const UNUSED_DAYS = 90;

/** Created ≥ 90 days ago and never used, or last used ≥ 90 days ago. */
export function isUnusedLong(key: Pick<KeyMeta, 'createdAt' | 'lastUsedAt'>, now: Date): boolean {
  const limit = now.getTime() - UNUSED_DAYS * DAY_MS;
  if (!(Date.parse(key.createdAt) <= limit)) return false;
  return key.lastUsedAt === null || Date.parse(key.lastUsedAt) <= limit;
}

export type ArrangedKeys = Record<KeyFilter, KeyMeta[]>;

/** Parsed instants per key object: a list is re-arranged on every clock tick, its dates parsed only once. */
const parsedTimes = new WeakMap<KeyMeta, { created: number; expires: number | null }>();
function timesOf(key: KeyMeta): { created: number; expires: number | null } {
  let t = parsedTimes.get(key);
  if (!t) {
    t = { created: Date.parse(key.createdAt), expires: key.expiresAt === null ? null : Date.parse(key.expiresAt) };
    parsedTimes.set(key, t);
  }
  return t;
}

/**
 * Every filter's list, in display order: keys expiring within `warningDays`
 * first, soonest first; then the rest newest first. One pass plus two sorts on
 * numbers parsed once per key object, so 10,000 keys stay cheap (callers memoize it).
 * Same rules as isExpired/isExpiringSoon, on the parsed numbers.
 */
export function arrangeKeys(keys: readonly KeyMeta[], now: Date, warningDays: number): ArrangedKeys {
  const nowMs = now.getTime();
  const window = warningDays * DAY_MS;
  const soon: { key: KeyMeta; at: number }[] = [];
  const rest: { key: KeyMeta; at: number; expired: boolean }[] = [];
  for (const key of keys) {
    const t = timesOf(key);
    const expired = expiredAt(key.status, t.expires, nowMs);
    if (!expired && t.expires !== null && t.expires - nowMs <= window) soon.push({ key, at: t.expires });
    else rest.push({ key, at: t.created, expired });
  }
  soon.sort((a, b) => a.at - b.at);
  rest.sort((a, b) => b.at - a.at);
  const expiring = soon.map((s) => s.key);
  const others: KeyMeta[] = [];
  const expired: KeyMeta[] = [];
  const never: KeyMeta[] = [];
  for (const r of rest) {
    others.push(r.key);
    if (r.expired) expired.push(r.key);
    else if (r.key.expiresAt === null) never.push(r.key);
  }
  return { all: [...expiring, ...others], expiring, expired, never };
}

/**
 * What the filter counts need, independent of "now" and the warning window,
 * so a stored summary gives exact counts at any later time: the number of keys,
 * of never-expiring active keys, of keys the server marked expired, and the
 * ascending expiry instants of the other (active, dated) keys.
 */
export interface ExpirySummary {
  total: number;
  never: number;
  expiredByStatus: number;
  expiries: Float64Array;
}

export function summarizeExpiries(keys: readonly KeyMeta[]): ExpirySummary {
  let never = 0;
  let expiredByStatus = 0;
  const dated: number[] = [];
  for (const key of keys) {
    if (key.status === 'expired') expiredByStatus++;
    else if (key.expiresAt === null) never++;
    else dated.push(timesOf(key).expires!);
  }
  const expiries = Float64Array.from(dated).sort();
  return { total: keys.length, never, expiredByStatus, expiries };
}

/** How many of the ascending `sorted` are ≤ limit. */
function countAtMost(sorted: Float64Array, limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The filter counts arrangeKeys would give for the summarized keys, in O(log n). */
export function countFilters(summary: ExpirySummary, now: Date, warningDays: number): Record<KeyFilter, number> {
  const nowMs = now.getTime();
  const expiredByTime = countAtMost(summary.expiries, nowMs);
  return {
    all: summary.total,
    expiring: countAtMost(summary.expiries, nowMs + warningDays * DAY_MS) - expiredByTime,
    expired: summary.expiredByStatus + expiredByTime,
    never: summary.never,
  };
}
