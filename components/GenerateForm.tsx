import { useEffect, useRef, useState } from 'preact/hooks';
import { NAME_MAX, type KeyMeta } from '../lib/api/schemas';
import type { CreateInput } from '../lib/messages/client';
import type { CreateResult } from '../lib/messages/protocol';
import { localTimeZone, presetDate, validateExpirationDate } from '../lib/expiry/rules';
import { nameProblem } from './RenameField';

const PRESETS: readonly [string, number | null][] = [
  ['7 days', 7],
  ['30 days', 30],
  ['60 days', 60],
  ['90 days', 90],
  ['No expiration', null],
];

export interface GenerateFormProps {
  now: () => Date;
  createKey: (input: CreateInput) => Promise<CreateResult>;
  onCreated: (result: { key: KeyMeta; secret: string }) => void;
  onCancel: () => void;
  /** For tests; defaults to this browser's zone. */
  timeZone?: string;
}

export function GenerateForm({ now, createKey, onCreated, onCancel, timeZone }: GenerateFormProps) {
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);
  const zone = timeZone ?? localTimeZone();

  useEffect(() => nameInput.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const nProblem = nameProblem(name);
    const expiry = validateExpirationDate(date, now(), timeZone);
    setNameError(nProblem);
    setDateError(expiry.ok ? null : expiry.message);
    if (nProblem) return nameInput.current?.focus();
    if (!expiry.ok) return dateInput.current?.focus();
    setBusy(true);
    const result = await createKey({ name: name.trim(), expiresAt: expiry.expiresAt });
    setBusy(false);
    if ('ok' in result && result.ok.secret !== null) {
      onCreated({ key: result.ok.key, secret: result.ok.secret });
      return;
    }
    if ('ok' in result) return; // alreadyIssued: handled with the idempotent-create work
    const { field, message } = result.error;
    if (field === 'name') {
      setNameError(message);
      nameInput.current?.focus();
    } else if (field === 'expiresAt') {
      setDateError(message);
      dateInput.current?.focus();
    } else setFormError(message);
  };

  return (
    <form class="generate" onSubmit={submit} noValidate aria-labelledby="generate-title">
      <h2 id="generate-title">Generate API Key</h2>
      <div class="field">
        <label for="gen-name">Name</label>
        <input
          ref={nameInput}
          id="gen-name"
          class="input"
          type="text"
          autoComplete="off"
          maxLength={NAME_MAX + 20}
          value={name}
          aria-invalid={nameError ? 'true' : undefined}
          aria-describedby={nameError ? 'gen-name-error' : undefined}
          onInput={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
        />
        {nameError && (
          <p id="gen-name-error" class="field-error" role="alert">
            {nameError}
          </p>
        )}
      </div>
      <div class="field">
        <label for="gen-date">Expiration date</label>
        <input
          ref={dateInput}
          id="gen-date"
          class="input"
          type="date"
          value={date}
          min={presetDate(0, now(), timeZone)}
          aria-invalid={dateError ? 'true' : undefined}
          aria-describedby={`gen-date-help${dateError ? ' gen-date-error' : ''}`}
          onInput={(e) => {
            setDate(e.currentTarget.value);
            setDateError(null);
          }}
        />
        <div class="presets" role="group" aria-label="Expiration presets">
          {PRESETS.map(([label, days]) => (
            <button
              key={label}
              type="button"
              class="btn btn-small"
              onClick={() => {
                setDate(days === null ? '' : presetDate(days, now(), timeZone));
                setDateError(null);
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <p id="gen-date-help" class="help">
          Leave blank for a key that never expires. The key expires at the end of the chosen day (23:59 in your time zone, {zone}).
        </p>
        {dateError && (
          <p id="gen-date-error" class="field-error" role="alert">
            {dateError}
          </p>
        )}
      </div>
      {formError && (
        <p class="form-error" role="alert">
          {formError}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
        <button type="button" class="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
