import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endOfLocalDay, isExpired, isExpiringSoon, parseDate, presetDate, validateExpirationDate } from '../../../../lib/shared/expiry/rules';

const DAY = 86_400_000;

describe('endOfLocalDay in an explicit zone', () => {
  it('uses the offset in force at the end of a spring-forward day (New York, 2026-03-08)', () => {
    expect(endOfLocalDay('2026-03-07', 'America/New_York')).toBe('2026-03-08T04:59:59.999Z'); // EST, UTC-5
    expect(endOfLocalDay('2026-03-08', 'America/New_York')).toBe('2026-03-09T03:59:59.999Z'); // EDT, UTC-4
  });
  it('uses the offset in force at the end of a fall-back day (Berlin, 2026-10-25)', () => {
    expect(endOfLocalDay('2026-10-24', 'Europe/Berlin')).toBe('2026-10-24T21:59:59.999Z'); // CEST, UTC+2
    expect(endOfLocalDay('2026-10-25', 'Europe/Berlin')).toBe('2026-10-25T22:59:59.999Z'); // CET, UTC+1
  });
  it('handles half-hour and far-east zones', () => {
    expect(endOfLocalDay('2026-01-15', 'Asia/Kolkata')).toBe('2026-01-15T18:29:59.999Z');
    expect(endOfLocalDay('2026-01-15', 'Pacific/Kiritimati')).toBe('2026-01-15T09:59:59.999Z');
    expect(endOfLocalDay('2026-01-15', 'UTC')).toBe('2026-01-15T23:59:59.999Z');
  });
  it('is 23:59:59 on that very day, seen from that zone, for any date and zone', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Tehran', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 20 }), fc.constantFrom(...zones), (offsetDays, zone) => {
        const d = new Date(Date.UTC(2020, 0, 1) + offsetDays * DAY).toISOString().slice(0, 10);
        const iso = endOfLocalDay(d, zone);
        const wall = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        }).format(new Date(iso));
        expect(wall).toBe(`${d}, 23:59:59`);
      }),
      { numRuns: 300 },
    );
  });
  it('refuses a non-date', () => {
    expect(() => endOfLocalDay('2026-02-30')).toThrow(RangeError);
    expect(() => endOfLocalDay('tomorrow')).toThrow(RangeError);
  });
});

describe('endOfLocalDay in the browser zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });
  it('follows the local zone across DST', () => {
    process.env.TZ = 'America/New_York';
    expect(endOfLocalDay('2026-03-08')).toBe('2026-03-09T03:59:59.999Z');
    process.env.TZ = 'Europe/Berlin';
    expect(endOfLocalDay('2026-10-25')).toBe('2026-10-25T22:59:59.999Z');
  });
});

describe('parseDate', () => {
  it('accepts real dates only', () => {
    expect(parseDate('2028-02-29')).toEqual({ y: 2028, m: 2, d: 29 });
    expect(parseDate('2026-02-29')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('2026-1-1')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('presetDate', () => {
  it('counts days from the local calendar date', () => {
    const now = new Date('2026-01-01T23:30:00Z');
    expect(presetDate(7, now, 'UTC')).toBe('2026-01-08');
    expect(presetDate(7, now, 'Asia/Tokyo')).toBe('2026-01-09'); // already Jan 2 in Tokyo
    expect(presetDate(30, now, 'America/New_York')).toBe('2026-01-31');
    expect(presetDate(90, now, 'UTC')).toBe('2026-04-01');
  });
  it('uses the browser zone by default', () => {
    const now = new Date(2026, 0, 31, 12);
    expect(presetDate(1, now)).toBe('2026-02-01');
  });
});

describe('validateExpirationDate', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('treats blank as never', () => {
    expect(validateExpirationDate('', now, 'UTC')).toEqual({ ok: true, expiresAt: null });
    expect(validateExpirationDate('  ', now, 'UTC')).toEqual({ ok: true, expiresAt: null });
  });
  it('accepts today and later, as the end of that day', () => {
    expect(validateExpirationDate('2026-11-26', now, 'UTC')).toEqual({ ok: true, expiresAt: '2026-11-26T23:59:59.999Z' });
    expect(validateExpirationDate('2026-12-03', now, 'Europe/Berlin')).toEqual({ ok: true, expiresAt: '2026-12-03T22:59:59.999Z' });
  });
  it('refuses a past date', () => {
    const r = validateExpirationDate('2026-11-25', now, 'UTC');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/past/);
  });
  it('refuses a day that has already ended in the admin zone', () => {
    // 12:00 UTC on the 26th is already the 27th in Kiritimati (UTC+14): the 26th is over there.
    expect(validateExpirationDate('2026-11-26', now, 'Pacific/Kiritimati').ok).toBe(false);
  });
  it('refuses text that is not a date', () => {
    const r = validateExpirationDate('next week', now, 'UTC');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/valid date/);
  });
});

describe('isExpired / isExpiringSoon', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  it('expired when the server says so or the instant has passed', () => {
    expect(isExpired({ status: 'expired', expiresAt: at(DAY) }, now)).toBe(true);
    expect(isExpired({ status: 'active', expiresAt: at(0) }, now)).toBe(true);
    expect(isExpired({ status: 'active', expiresAt: at(1) }, now)).toBe(false);
    expect(isExpired({ status: 'active', expiresAt: null }, now)).toBe(false);
  });
  it('soon within 7 days, not when expired or never', () => {
    expect(isExpiringSoon({ status: 'active', expiresAt: at(3 * DAY) }, now)).toBe(true);
    expect(isExpiringSoon({ status: 'active', expiresAt: at(7 * DAY) }, now)).toBe(true);
    expect(isExpiringSoon({ status: 'active', expiresAt: at(8 * DAY) }, now)).toBe(false);
    expect(isExpiringSoon({ status: 'active', expiresAt: at(-DAY) }, now)).toBe(false);
    expect(isExpiringSoon({ status: 'active', expiresAt: null }, now)).toBe(false);
    expect(isExpiringSoon({ status: 'active', expiresAt: at(20 * DAY) }, now, 30)).toBe(true);
  });
});
