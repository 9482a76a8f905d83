import { describe, expect, it } from 'vitest';
import { exactDate, formatCreated, formatExpiry, formatLastUsed, formatUpdated, relativeTime } from '../../../../lib/shared/format/relative';

const now = new Date('2026-11-26T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatExpiry', () => {
  it('says when an active key expires', () => {
    expect(formatExpiry({ status: 'active', expiresAt: at(3 * DAY) }, now)).toBe('expires in 3 days');
    expect(formatExpiry({ status: 'active', expiresAt: at(1 * DAY + 2 * HOUR) }, now)).toBe('expires in 1 day');
    expect(formatExpiry({ status: 'active', expiresAt: at(5 * HOUR) }, now)).toBe('expires in 5 hours');
    expect(formatExpiry({ status: 'active', expiresAt: at(20 * 1000) }, now)).toBe('expires in less than a minute');
  });
  it('rounds to the nearest unit, so a fresh 3-day key reads "3 days"', () => {
    expect(formatExpiry({ status: 'active', expiresAt: at(3 * DAY - 5000) }, now)).toBe('expires in 3 days');
    expect(formatExpiry({ status: 'active', expiresAt: at(2 * DAY + 6 * HOUR) }, now)).toBe('expires in 2 days');
  });
  it('says how long ago an expired key expired', () => {
    expect(formatExpiry({ status: 'active', expiresAt: at(-2 * DAY) }, now)).toBe('expired 2 days ago');
    expect(formatExpiry({ status: 'expired', expiresAt: at(-2 * DAY) }, now)).toBe('expired 2 days ago');
    expect(formatExpiry({ status: 'active', expiresAt: at(0) }, now)).toBe('expired just now');
  });
  it('trusts the server when it says expired a moment early', () => {
    expect(formatExpiry({ status: 'expired', expiresAt: at(5000) }, now)).toBe('expired just now');
  });
  it('never expires without a date', () => {
    expect(formatExpiry({ status: 'active', expiresAt: null }, now)).toBe('never expires');
  });
});

describe('last used, created, updated', () => {
  it('formats last use', () => {
    expect(formatLastUsed({ lastUsedAt: at(-3 * HOUR) }, now)).toBe('last used 3 hours ago');
    expect(formatLastUsed({ lastUsedAt: null }, now)).toBe('never used');
    expect(formatLastUsed({ lastUsedAt: at(10_000) }, now)).toBe('last used just now'); // clock skew
  });
  it('formats creation', () => {
    expect(formatCreated({ createdAt: at(-3 * DAY) }, now)).toBe('created 3 days ago');
    expect(formatCreated({ createdAt: at(-40 * DAY) }, now)).toBe('created 1 month ago');
    expect(formatCreated({ createdAt: at(-400 * DAY) }, now)).toBe('created 1 year ago');
  });
  it('formats the sync time', () => {
    expect(formatUpdated(at(-30_000), now)).toBe('Updated just now');
    expect(formatUpdated(at(-5 * MIN), now)).toBe('Updated 5 minutes ago');
    expect(formatUpdated(at(-2 * HOUR), now)).toBe('Updated 2 hours ago');
    expect(formatUpdated(null, now)).toBe('Not updated yet');
  });
});

describe('relativeTime units', () => {
  it.each([
    [30 * 1000, 'in 30 seconds'],
    [80 * MIN, 'in 1 hour'],
    [100 * MIN, 'in 2 hours'],
    [-59 * MIN, '59 minutes ago'],
    [29 * DAY, 'in 29 days'],
    [40 * DAY, 'in 1 month'],
    [50 * DAY, 'in 2 months'],
    [-800 * DAY, '2 years ago'],
  ])('%d ms → %s', (ms, expected) => {
    expect(relativeTime(ms)).toBe(expected);
  });
});

describe('exactDate', () => {
  it('gives the full local date and time with the zone', () => {
    const s = exactDate('2026-11-26T23:59:59.999Z', 'en-US', 'UTC');
    expect(s).toContain('2026');
    expect(s).toContain('Nov');
    expect(s).toContain('11:59');
    expect(s).toContain('UTC');
  });
  it('shows the instant in the given zone', () => {
    expect(exactDate('2026-11-26T23:59:59.999Z', 'en-US', 'Europe/Berlin')).toContain('Nov 27');
  });
  it('returns the input when it is not a date', () => {
    expect(exactDate('nope')).toBe('nope');
  });
});
