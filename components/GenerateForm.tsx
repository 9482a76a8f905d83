import { useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import type { CreateInput } from '../lib/page/worker-client';
import type { CreateResult } from '../lib/shared/messages/keys-create';
import { interpretCreate, type CreateOutcome } from '../lib/page/create-outcome';
import { useFocusOnMount } from './focus';
import { nameMatches, TypedNameConfirm } from './connections/TypedNameConfirm';
import { isExpired, localTimeZone, presetDate, validateExpirationDate } from '../lib/shared/expiry/rules';
import { lifetimeDays, replacementDate } from '../lib/shared/expiry/lifetime';
import { NAME_INPUT_MAXLENGTH, nameProblem } from './RenameField';
import { DEFAULT_GRACE_SECONDS, ReplaceOptions } from './ReplaceOptions';

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
  /** Every reply, interpreted: the form shows an error itself; the popup takes it from there. */
  onOutcome: (outcome: CreateOutcome) => void;
  onCancel: () => void;
  /** Generate a replacement for this key: name and lifetime prefilled, old key's grace period chosen here. */
  replacing?: KeyMeta;
  /** Set in a production connection: replacing with no grace period (the old key stops at once) needs the key's name typed. */
  productionConnection?: string;
  /** The grace period to start with when replacing; a leaked key's replacement starts at 0. */
  initialGraceSeconds?: number;
  /** For tests; defaults to this browser's zone. */
  timeZone?: string;
  /** One idempotency key per form submission (a retry of that submission reuses it); for tests, defaults to crypto.randomUUID(). */
  newId?: () => string;
}

const randomId = () => crypto.randomUUID();

export function GenerateForm({
  now,
  createKey,
  onOutcome,
  onCancel,
  replacing,
  initialGraceSeconds = DEFAULT_GRACE_SECONDS,
  timeZone,
  newId = randomId,
  productionConnection,
}: GenerateFormProps) {
  const [name, setName] = useState(replacing?.name ?? '');
  const [date, setDate] = useState(() => (replacing ? replacementDate(replacing, now(), timeZone) : ''));
  // Decided once, when the form opens: the old key may expire while the form is open, the choice still stands.
  const [oldExpired] = useState(() => (replacing ? isExpired(replacing, now()) : false));
  const [graceSeconds, setGraceSeconds] = useState(initialGraceSeconds);
  const [nameError, setNameError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState('');
  const typedInput = useRef<HTMLInputElement>(null);
  // The old key stops working the moment this is generated: in production, the admin types its name first.
  const needsTypedName = replacing !== undefined && !oldExpired && graceSeconds === 0 && productionConnection !== undefined;
  const nameInput = useRef<HTMLInputElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);
  const zone = timeZone ?? localTimeZone();

  useFocusOnMount(nameInput);

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
    if (needsTypedName && !nameMatches(typed, replacing.name)) {
      setFormError(`Type the old key's name, “${replacing.name}”, to replace it with no grace period.`);
      return typedInput.current?.focus();
    }
    setBusy(true);
    const input: CreateInput = {
      name: name.trim(),
      expiresAt: expiry.expiresAt,
      idempotencyKey: newId(),
      // An expired key gets no grace: the server leaves its expiry alone.
      ...(replacing ? { replace: { id: replacing.id, graceSeconds: oldExpired ? 0 : graceSeconds } } : {}),
    };
    const outcome = interpretCreate(await createKey(input), input);
    setBusy(false);
    if (outcome.next === 'error') {
      const { message } = outcome.error;
      if (outcome.field === 'name') {
        setNameError(message);
        nameInput.current?.focus();
      } else if (outcome.field === 'expiresAt') {
        setDateError(message);
        dateInput.current?.focus();
      } else setFormError(message);
    }
    onOutcome(outcome);
  };

  return (
    <form class="generate" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="generate-title">
      <h2 id="generate-title">{replacing ? `Generate replacement for “${replacing.name}”` : 'Generate API Key'}</h2>
      <div class="field">
        <label for="gen-name">Name</label>
        <input
          ref={nameInput}
          id="gen-name"
          class="input"
          type="text"
          autoComplete="off"
          maxLength={NAME_INPUT_MAXLENGTH}
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
          {replacing && <ReplacementLifetime replacing={replacing} />}
          Leave blank for a key that never expires. The key expires at the end of the chosen day (23:59 in your time zone, {zone}).
        </p>
        {dateError && (
          <p id="gen-date-error" class="field-error" role="alert">
            {dateError}
          </p>
        )}
      </div>
      {replacing && <ReplaceOptions replacing={replacing} expired={oldExpired} graceSeconds={graceSeconds} onGraceChange={setGraceSeconds} />}
      {needsTypedName && (
        <TypedNameConfirm
          id="replace-typed-name"
          expected={replacing.name}
          value={typed}
          onInput={(v) => {
            setTyped(v);
            setFormError(null);
          }}
          connectionName={productionConnection}
          inputRef={typedInput}
        />
      )}
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

function ReplacementLifetime({ replacing }: { replacing: KeyMeta }) {
  const days = lifetimeDays(replacing);
  if (days === null) return null;
  return <>Same lifetime as the old key: {days === 1 ? '1 day' : `${days} days`} from today. </>;
}
