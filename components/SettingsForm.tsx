// Options page → "Settings": warning window, reminders, clipboard clearing.
// Switching reminders on asks for the optional "notifications" permission in
// the change handler itself: a permission prompt needs the user's gesture, and
// Firefox ends the gesture at the first await, so request comes before any
// await (it resolves true at once when already granted).
import { useEffect, useState } from 'preact/hooks';
import type { Send } from '../lib/page/worker-client';
import {
  CLIPBOARD_CLEAR_CHOICES,
  DEFAULT_PREFERENCES,
  REMINDER_DAYS_MAX,
  REMINDER_DAYS_MIN,
  REMINDER_THRESHOLDS_MAX,
  WARNING_DAYS_MAX,
  WARNING_DAYS_MIN,
  type Preferences,
} from '../lib/shared/settings/preferences';
import { preferencesGet } from '../lib/shared/messages/preferences-get';
import { preferencesSave } from '../lib/shared/messages/preferences-save';

export interface SettingsApi {
  send: Send;
  /** The optional "notifications" permission; absent where the browser has no notifications. */
  notifications?: {
    contains(): Promise<boolean>;
    /** Must be called directly from the change handler (user gesture). */
    request(): Promise<boolean>;
  };
}

const CLIPBOARD_LABELS: Record<(typeof CLIPBOARD_CLEAR_CHOICES)[number], string> = {
  0: 'Never',
  10: '10 s',
  20: '20 s',
  30: '30 s',
  60: '1 minute',
  120: '2 minutes',
  300: '5 minutes',
};

export type DaysCheck = { ok: true; days: number[] } | { ok: false; message: string };

/** A whole number of days within the schema's limits, or null. Digits only: no sign, decimal point or exponent. */
function wholeDays(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** "30, 7, 1" → [30, 7, 1]: whole days within the preferences' limits, duplicates dropped, largest first. */
export function parseReminderDays(text: string): DaysCheck {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const days: number[] = [];
  for (const part of parts) {
    const day = wholeDays(part, REMINDER_DAYS_MIN, REMINDER_DAYS_MAX);
    if (day === null)
      return { ok: false, message: `“${part.slice(0, 20)}” is not a number of days from ${REMINDER_DAYS_MIN} to ${REMINDER_DAYS_MAX}.` };
    days.push(day);
  }
  const unique = [...new Set(days)].sort((a, b) => b - a);
  if (unique.length > REMINDER_THRESHOLDS_MAX) return { ok: false, message: `Enter at most ${REMINDER_THRESHOLDS_MAX} reminder days.` };
  return { ok: true, days: unique };
}

type Status = { kind: 'progress' | 'success'; text: string } | null;
type Field = 'warningDays' | 'reminderDays' | 'reminders' | 'form';

export function SettingsForm({ api }: { api: SettingsApi }) {
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [warningDays, setWarningDays] = useState(String(DEFAULT_PREFERENCES.warningDays));
  const [remindersEnabled, setRemindersEnabled] = useState(DEFAULT_PREFERENCES.remindersEnabled);
  const [reminderDays, setReminderDays] = useState(DEFAULT_PREFERENCES.reminderDays.join(', '));
  const [remindOnExpiry, setRemindOnExpiry] = useState(DEFAULT_PREFERENCES.remindOnExpiry);
  const [clipboard, setClipboard] = useState<number>(DEFAULT_PREFERENCES.clipboardClearSeconds);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [error, setError] = useState<{ field: Field; text: string } | null>(null);

  const show = (p: Preferences) => {
    setWarningDays(String(p.warningDays));
    setRemindersEnabled(p.remindersEnabled);
    setReminderDays(p.reminderDays.join(', '));
    setRemindOnExpiry(p.remindOnExpiry);
    setClipboard(p.clipboardClearSeconds);
  };

  useEffect(() => {
    void api.send(preferencesGet).then((reply) => {
      // On an unreadable value the form shows the defaults AND says so: saving repairs it.
      if ('ok' in reply) show(reply.ok);
      else setLoadError(reply.error.message);
      setLoaded(true);
    });
  }, [api]);

  const toggleReminders = async (e: Event) => {
    const box = e.currentTarget as HTMLInputElement;
    setError(null);
    setStatus(null);
    if (!box.checked) return setRemindersEnabled(false);
    // Keep the box off until the permission is confirmed.
    box.checked = false;
    const permission = api.notifications;
    if (!permission) {
      return setError({ field: 'reminders', text: 'This browser does not offer notifications to extensions.' });
    }
    try {
      const granted = await permission.request();
      if (!granted) {
        return setError({ field: 'reminders', text: 'Reminders need permission to show notifications, and it was not granted.' });
      }
    } catch (err) {
      return setError({ field: 'reminders', text: `Couldn't ask for notifications: ${err instanceof Error ? err.message : String(err)}` });
    }
    setRemindersEnabled(true);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const warning = wholeDays(warningDays, WARNING_DAYS_MIN, WARNING_DAYS_MAX);
    if (warning === null) {
      return setError({ field: 'warningDays', text: `Enter a warning window from ${WARNING_DAYS_MIN} to ${WARNING_DAYS_MAX} days.` });
    }
    const days = parseReminderDays(reminderDays);
    if (!days.ok) return setError({ field: 'reminderDays', text: days.message });
    const choice = CLIPBOARD_CLEAR_CHOICES.find((c) => c === clipboard) ?? DEFAULT_PREFERENCES.clipboardClearSeconds;
    setError(null);
    setBusy(true);
    setStatus({ kind: 'progress', text: 'Saving…' });
    const reply = await api.send(preferencesSave, {
      preferences: { version: 1, warningDays: warning, remindersEnabled, reminderDays: days.days, remindOnExpiry, clipboardClearSeconds: choice },
    });
    setBusy(false);
    if ('ok' in reply) {
      show(reply.ok);
      setLoadError(null);
      setStatus({ kind: 'success', text: 'Settings saved.' });
    } else {
      setStatus(null);
      setError({ field: 'form', text: reply.error.message });
    }
  };

  const errorFor = (field: Field, id: string) =>
    error?.field === field ? (
      <p id={id} role="alert" class="field-error">
        {error.text}
      </p>
    ) : null;

  return (
    <section class="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {!loaded && <p class="muted">Loading settings…</p>}
      {loadError && <p class="form-error">{loadError}</p>}
      <form onSubmit={(event) => void save(event)} noValidate>
        <div class="field">
          <label for="warning-days">Warning window (days)</label>
          <input
            id="warning-days"
            class="input"
            type="number"
            min={WARNING_DAYS_MIN}
            max={WARNING_DAYS_MAX}
            step={1}
            value={warningDays}
            aria-invalid={error?.field === 'warningDays'}
            aria-describedby={error?.field === 'warningDays' ? 'warning-days-error' : 'warning-days-help'}
            onInput={(e) => setWarningDays(e.currentTarget.value)}
          />
          <p id="warning-days-help" class="help">
            Keys expiring within this many days are counted on the toolbar badge.
          </p>
          {errorFor('warningDays', 'warning-days-error')}
        </div>
        <div class="field checkbox">
          <input
            id="reminders-enabled"
            type="checkbox"
            checked={remindersEnabled}
            aria-describedby="reminders-help"
            onChange={(e) => void toggleReminders(e)}
          />
          <label for="reminders-enabled">Remind me before keys expire</label>
          <p id="reminders-help" class="help">
            Shows a browser notification; switching this on asks for permission to show notifications.
          </p>
          {errorFor('reminders', 'reminders-error')}
        </div>
        <div class="field">
          <label for="reminder-days">Remind me (days before expiry)</label>
          <input
            id="reminder-days"
            class="input"
            type="text"
            inputMode="numeric"
            spellcheck={false}
            value={reminderDays}
            disabled={!remindersEnabled}
            aria-invalid={error?.field === 'reminderDays'}
            aria-describedby={error?.field === 'reminderDays' ? 'reminder-days-error' : 'reminder-days-help'}
            onInput={(e) => setReminderDays(e.currentTarget.value)}
          />
          <p id="reminder-days-help" class="help">
            Comma-separated, e.g. 30, 7, 1.
          </p>
          {errorFor('reminderDays', 'reminder-days-error')}
        </div>
        <div class="field checkbox">
          <input
            id="remind-on-expiry"
            type="checkbox"
            checked={remindOnExpiry}
            disabled={!remindersEnabled}
            onChange={(e) => setRemindOnExpiry(e.currentTarget.checked)}
          />
          <label for="remind-on-expiry">On expiry</label>
        </div>
        <div class="field">
          <label for="clipboard-clear">Clear clipboard after</label>
          <select id="clipboard-clear" class="input" value={String(clipboard)} onChange={(e) => setClipboard(Number(e.currentTarget.value))}>
            {CLIPBOARD_CLEAR_CHOICES.map((c) => (
              <option key={c} value={String(c)}>
                {CLIPBOARD_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy || !loaded}>
            Save settings
          </button>
        </div>
        {/* Rendered only with content, so the options page keeps one status and one alert region at rest. */}
        {status && (
          <div role="status" class="status-line">
            <p class={status.kind}>{status.text}</p>
          </div>
        )}
        {errorFor('form', 'settings-error')}
      </form>
    </section>
  );
}
