import { describe, expect, it } from 'vitest';
import { BADGE_URGENT, BADGE_WARNING, badgeFor } from '../../../../lib/shared/expiry/badge';
import { key } from '../../../support/keys';

const NOW = new Date('2030-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
/** A key expiring `expiresIn` ms from NOW (null: never); the badge reads only status and expiresAt. */
const expiring = (expiresIn: number | null, status: 'active' | 'expired' = 'active') =>
  key(1, { status, expiresAt: expiresIn === null ? null : at(expiresIn) });

describe('badgeFor', () => {
  it('is empty when nothing expires within the window', () => {
    expect(badgeFor([], NOW, 7).text).toBe('');
    expect(badgeFor([expiring(null), expiring(8 * DAY)], NOW, 7)).toMatchObject({ text: '', title: 'Workbase API Keys' });
  });

  it('counts active keys within the window; amber unless one expires within 24 h', () => {
    const b = badgeFor([expiring(3 * DAY), expiring(7 * DAY), expiring(20 * DAY), expiring(null)], NOW, 7);
    expect(b).toEqual({ text: '2', color: BADGE_WARNING, title: 'Workbase API Keys: 2 keys expire within 7 days' });
    const urgent = badgeFor([expiring(12 * HOUR), expiring(3 * DAY)], NOW, 7);
    expect(urgent).toMatchObject({ text: '2', color: BADGE_URGENT });
    expect(badgeFor([expiring(DAY)], NOW, 1)).toEqual({ text: '1', color: BADGE_URGENT, title: 'Workbase API Keys: 1 key expires within 1 day' });
  });

  it('leaves out expired keys, by the server status or by the clock (a stale cache counts down)', () => {
    expect(badgeFor([expiring(-1), expiring(0), expiring(2 * DAY, 'expired')], NOW, 7).text).toBe('');
    // The cache still says "active", but the clock has passed expiresAt.
    const cached = [expiring(2 * HOUR), expiring(3 * DAY)];
    expect(badgeFor(cached, NOW, 7).text).toBe('2');
    expect(badgeFor(cached, new Date(NOW.getTime() + 3 * HOUR), 7)).toMatchObject({ text: '1', color: BADGE_WARNING });
  });

  it('follows the warning window', () => {
    const keys = [expiring(3 * DAY), expiring(20 * DAY)];
    expect(badgeFor(keys, NOW, 2).text).toBe('');
    expect(badgeFor(keys, NOW, 30).text).toBe('2');
  });

  it('compares instants, so offsets in the ISO strings do not matter', () => {
    // 2030-03-11T01:00:00+09:00 is 2030-03-10T16:00Z: 4 hours away.
    expect(badgeFor([{ status: 'active', expiresAt: '2030-03-11T01:00:00+09:00' }], NOW, 7)).toMatchObject({ text: '1', color: BADGE_URGENT });
  });

  it('caps the text at 99+', () => {
    expect(
      badgeFor(
        Array.from({ length: 120 }, () => expiring(2 * DAY)),
        NOW,
        7,
      ).text,
    ).toBe('99+');
  });
});
