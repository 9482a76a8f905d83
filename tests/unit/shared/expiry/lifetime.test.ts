import { describe, expect, it } from 'vitest';
import { lifetimeDays, replacementDate } from '../../../../lib/shared/expiry/lifetime';
import { arrangeKeys, isUnusedLong } from '../../../../lib/shared/expiry/rules';
import { key } from '../../../support/keys';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date('2026-11-26T12:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

describe('lifetimeDays / replacementDate', () => {
  it('is expiresAt − createdAt in whole days, rounded', () => {
    expect(lifetimeDays({ createdAt: '2026-11-01T10:00:00Z', expiresAt: '2026-12-01T10:00:00Z' })).toBe(30);
    // A form-made key lives to 23:59 local on its last day: 29.6 days is a 30-day key.
    expect(lifetimeDays({ createdAt: '2026-11-01T09:30:00Z', expiresAt: '2026-11-30T22:59:59.999Z' })).toBe(30);
    expect(lifetimeDays({ createdAt: '2026-11-01T00:00:00Z', expiresAt: '2026-11-08T11:00:00Z' })).toBe(7);
  });
  it('is at least one day', () => {
    expect(lifetimeDays({ createdAt: '2026-11-01T20:00:00Z', expiresAt: '2026-11-01T22:59:59Z' })).toBe(1);
  });
  it('is null for a never-expiring key, and then the date is blank (never expires)', () => {
    expect(lifetimeDays({ createdAt: '2026-11-01T10:00:00Z', expiresAt: null })).toBeNull();
    expect(replacementDate({ createdAt: '2026-11-01T10:00:00Z', expiresAt: null }, NOW, 'UTC')).toBe('');
  });
  it('counts the new expiry from today, in the admin zone', () => {
    const key = { createdAt: '2026-10-01T10:00:00Z', expiresAt: '2026-10-31T10:00:00Z' };
    expect(replacementDate(key, NOW, 'UTC')).toBe('2026-12-26');
    // 23:30 UTC on the 26th is already the 27th in Tokyo.
    expect(replacementDate(key, new Date('2026-11-26T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-27');
  });
});

describe('isUnusedLong', () => {
  it('flags keys made ≥ 90 days ago that were never used or not for 90 days', () => {
    expect(isUnusedLong({ createdAt: at(-90 * DAY), lastUsedAt: null }, NOW)).toBe(true);
    expect(isUnusedLong({ createdAt: at(-200 * DAY), lastUsedAt: at(-91 * DAY) }, NOW)).toBe(true);
  });
  it('does not flag young keys or keys used recently', () => {
    expect(isUnusedLong({ createdAt: at(-89 * DAY), lastUsedAt: null }, NOW)).toBe(false);
    expect(isUnusedLong({ createdAt: at(-200 * DAY), lastUsedAt: at(-10 * DAY) }, NOW)).toBe(false);
  });
});

describe('arrangeKeys', () => {
  const keys = [
    key(1, { name: 'old never', createdAt: at(-30 * DAY) }),
    key(2, { name: 'in 3 days', createdAt: at(-20 * DAY), expiresAt: at(3 * DAY) }),
    key(3, { name: 'expired', createdAt: at(-10 * DAY), expiresAt: at(-HOUR), status: 'expired' }),
    key(4, { name: 'in 12 hours', createdAt: at(-40 * DAY), expiresAt: at(12 * HOUR) }),
    key(5, { name: 'in 20 days', createdAt: at(-1 * DAY), expiresAt: at(20 * DAY) }),
    key(6, { name: 'new never', createdAt: at(-HOUR) }),
  ];
  const names = (list: { name: string }[]) => list.map((k) => k.name);

  it('puts keys expiring within the window first, soonest first, then the rest newest first', () => {
    const a = arrangeKeys(keys, NOW, 7);
    expect(names(a.all)).toEqual(['in 12 hours', 'in 3 days', 'new never', 'in 20 days', 'expired', 'old never']);
  });
  it('splits into the filters; counts are the lengths', () => {
    const a = arrangeKeys(keys, NOW, 7);
    expect(names(a.expiring)).toEqual(['in 12 hours', 'in 3 days']);
    expect(names(a.expired)).toEqual(['expired']);
    expect(names(a.never)).toEqual(['new never', 'old never']);
  });
  it('follows the warning window', () => {
    expect(names(arrangeKeys(keys, NOW, 1).expiring)).toEqual(['in 12 hours']);
    expect(names(arrangeKeys(keys, NOW, 30).expiring)).toEqual(['in 12 hours', 'in 3 days', 'in 20 days']);
  });
  it('a key past its expiry counts as expired even before the server says so', () => {
    const late = key(9, { expiresAt: at(-1000), status: 'active' });
    expect(arrangeKeys([late], NOW, 7).expired).toEqual([late]);
  });
  it('arranges 10,000 keys (no timing asserted: that would flake; it runs in ~10 ms)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      key(i, { createdAt: at(-(i % 500) * HOUR), expiresAt: i % 3 === 0 ? null : at(((i * 7919) % 60) * DAY - DAY) }),
    );
    const a = arrangeKeys(many, NOW, 7);
    expect(a.all).toHaveLength(10_000);
    expect(a.expiring.length + a.expired.length + a.never.length).toBeLessThanOrEqual(10_000);
    for (let i = 1; i < a.expiring.length; i++) expect(a.expiring[i - 1]!.expiresAt! <= a.expiring[i]!.expiresAt!).toBe(true);
  });
});
