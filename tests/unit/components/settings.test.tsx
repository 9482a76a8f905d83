// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { parseReminderDays, SettingsForm } from '../../../components/SettingsForm';
import {
  DEFAULT_PREFERENCES,
  Preferences,
  REMINDER_DAYS_MAX,
  REMINDER_DAYS_MIN,
  REMINDER_THRESHOLDS_MAX,
  WARNING_DAYS_MAX,
  WARNING_DAYS_MIN,
} from '../../../lib/shared/settings/preferences';
import type { AnyRequest } from '../../../lib/shared/messages';
import { byRole, flush, mount, queryByRole, submit, type, unmountAll } from '../../support/dom';
import { fakeSend } from '../../support/page-api';

afterEach(unmountAll);

function form() {
  const saved: unknown[] = [];
  const send = fakeSend((req: AnyRequest) => {
    if (req.type === 'preferences.get') return { ok: DEFAULT_PREFERENCES };
    if (req.type === 'preferences.save') {
      saved.push(req.preferences);
      return { ok: req.preferences };
    }
    return { error: { code: 'internal', message: `unexpected ${req.type}` } };
  });
  return { saved, vnode: <SettingsForm api={{ send }} /> };
}

async function saveWarning(value: string) {
  const f = form();
  const root = await mount(f.vnode);
  await flush();
  const input = root.querySelector<HTMLInputElement>('#warning-days')!;
  await type(input, value);
  await submit(root.querySelector('form')!);
  await flush();
  return { root, input, saved: f.saved };
}

describe('SettingsForm follows the preferences schema’s limits', () => {
  it('takes the largest warning window the schema takes, with any number of digits', async () => {
    const { root, input, saved } = await saveWarning(String(WARNING_DAYS_MAX));
    expect(input.max).toBe(String(WARNING_DAYS_MAX));
    expect(input.min).toBe(String(WARNING_DAYS_MIN));
    expect(queryByRole(root, 'alert')).toBeNull();
    expect(saved).toEqual([expect.objectContaining({ warningDays: WARNING_DAYS_MAX })]);
    expect(Preferences.safeParse(saved[0]).success).toBe(true);
  });

  it('refuses a window the schema refuses, saying the schema’s range', async () => {
    for (const value of [String(WARNING_DAYS_MAX + 1), String(WARNING_DAYS_MIN - 1), '7.5', '1e1']) {
      const { root, saved } = await saveWarning(value);
      expect(saved).toEqual([]);
      expect(byRole(root, 'alert').textContent).toBe(`Enter a warning window from ${WARNING_DAYS_MIN} to ${WARNING_DAYS_MAX} days.`);
      await unmountAll();
    }
  });

  it('reminder days: the schema’s range and count', () => {
    expect(parseReminderDays(`${REMINDER_DAYS_MAX}, ${REMINDER_DAYS_MIN}`)).toEqual({ ok: true, days: [REMINDER_DAYS_MAX, REMINDER_DAYS_MIN] });
    expect(parseReminderDays(String(REMINDER_DAYS_MAX + 1)).ok).toBe(false);
    expect(parseReminderDays(String(REMINDER_DAYS_MIN - 1)).ok).toBe(false);
    const many = Array.from({ length: REMINDER_THRESHOLDS_MAX + 1 }, (_, i) => i + 1).join(', ');
    expect(parseReminderDays(many)).toEqual({ ok: false, message: `Enter at most ${REMINDER_THRESHOLDS_MAX} reminder days.` });
    const most = Array.from({ length: REMINDER_THRESHOLDS_MAX }, (_, i) => i + 1);
    expect(Preferences.safeParse({ ...DEFAULT_PREFERENCES, reminderDays: most }).success).toBe(true);
  });
});
