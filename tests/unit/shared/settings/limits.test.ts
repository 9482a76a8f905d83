// The preference limits are named once and the schema is derived from them:
// these pin that the schema accepts exactly the named range, so a limit raised
// in one place is raised everywhere that parses preferences.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFERENCES,
  Preferences,
  REMINDER_DAYS_MAX,
  REMINDER_DAYS_MIN,
  REMINDER_THRESHOLDS_MAX,
  WARNING_DAYS_MAX,
  WARNING_DAYS_MIN,
} from '../../../../lib/shared/settings/preferences';

const ok = (patch: Partial<Preferences>) => Preferences.safeParse({ ...DEFAULT_PREFERENCES, ...patch }).success;

describe('preference limits', () => {
  it('accepts the warning window from WARNING_DAYS_MIN to WARNING_DAYS_MAX days, nothing outside', () => {
    expect(ok({ warningDays: WARNING_DAYS_MIN })).toBe(true);
    expect(ok({ warningDays: WARNING_DAYS_MAX })).toBe(true);
    expect(ok({ warningDays: WARNING_DAYS_MIN - 1 })).toBe(false);
    expect(ok({ warningDays: WARNING_DAYS_MAX + 1 })).toBe(false);
  });

  it('names the maximum in the message the settings page shows', () => {
    const parsed = Preferences.safeParse({ ...DEFAULT_PREFERENCES, warningDays: WARNING_DAYS_MAX + 1 });
    expect(parsed.success ? '' : parsed.error.issues[0]?.message).toBe(`Warning window must be at most ${WARNING_DAYS_MAX} days.`);
  });

  it('accepts reminder days from REMINDER_DAYS_MIN to REMINDER_DAYS_MAX, at most REMINDER_THRESHOLDS_MAX of them', () => {
    expect(ok({ reminderDays: [REMINDER_DAYS_MIN, REMINDER_DAYS_MAX] })).toBe(true);
    expect(ok({ reminderDays: [REMINDER_DAYS_MIN - 1] })).toBe(false);
    expect(ok({ reminderDays: [REMINDER_DAYS_MAX + 1] })).toBe(false);
    const most = Array.from({ length: REMINDER_THRESHOLDS_MAX }, (_, i) => i + 1);
    expect(ok({ reminderDays: most })).toBe(true);
    expect(ok({ reminderDays: [...most, REMINDER_THRESHOLDS_MAX + 1] })).toBe(false);
  });

  it('keeps the defaults inside the limits', () => {
    expect(Preferences.safeParse(DEFAULT_PREFERENCES).success).toBe(true);
  });
});
