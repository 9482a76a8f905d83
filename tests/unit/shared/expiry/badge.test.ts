import { describe, expect, it } from 'vitest';
import { BADGE_URGENT, BADGE_WARNING, badgeFor } from '../../../../lib/shared/expiry/badge';

const NOW = new Date('2030-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const key = (expiresIn: number | null, status: 'active' | 'expired' = 'active') => ({
  status,
  expiresAt: expiresIn === null ? null : at(expiresIn),
});

describe('badgeFor', () => {
  it('is empty when nothing expires within the window', () => {
    expect(badgeFor([], NOW, 7).text).toBe('');
    expect(badgeFor([key(null), key(8 * DAY)], NOW, 7)).toMatchObject({ text: '', title: 'Workbase API Keys' });
  });

  it('counts active keys within the window; amber unless one expires within 24 h', () => {
    const b = badgeFor([key(3 * DAY), key(7 * DAY), key(20 * DAY), key(null)], NOW, 7);
    expect(b).toEqual({ text: '2', color: BADGE_WARNING, title: 'Workbase API Keys: 2 keys expire within 7 days' });
    const urgent = badgeFor([key(12 * HOUR), key(3 * DAY)], NOW, 7);
    expect(urgent).toMatchObject({ text: '2', color: BADGE_URGENT });
    expect(badgeFor([key(DAY)], NOW, 1)).toEqual({ text: '1', color: BADGE_URGENT, title: 'Workbase API Keys: 1 key expires within 1 day' });
  });

  it('leaves out expired keys, by the server status or by the clock (a stale cache counts down)', () => {
    expect(badgeFor([key(-1), key(0), key(2 * DAY, 'expired')], NOW, 7).text).toBe('');
    // The cache still says "active", but the clock has passed expiresAt.
    const cached = [key(2 * HOUR), key(3 * DAY)];
    expect(badgeFor(cached, NOW, 7).text).toBe('2');
    expect(badgeFor(cached, new Date(NOW.getTime() + 3 * HOUR), 7)).toMatchObject({ text: '1', color: BADGE_WARNING });
  });

  it('follows the warning window', () => {
    const keys = [key(3 * DAY), key(20 * DAY)];
    expect(badgeFor(keys, NOW, 2).text).toBe('');
    expect(badgeFor(keys, NOW, 30).text).toBe('2');
  });

  it('compares instants, so offsets in the ISO strings do not matter', () => {
    // 2030-03-11T01:00:00+09:00 is 2030-03-10T16:00Z: 4 hours away.
    expect(badgeFor([{ status: 'active', expiresAt: '2030-03-11T01:00:00+09:00' }], NOW, 7)).toMatchObject({ text: '1', color: BADGE_URGENT });
  });

  it('caps the text at 99+', () => {
    expect(badgeFor(Array.from({ length: 120 }, () => key(2 * DAY)), NOW, 7).text).toBe('99+');
  });
});
