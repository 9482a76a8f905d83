import { useRef, useState } from 'preact/hooks';
import { useFocusOnMount } from './focus';
import { z } from '../lib/shared/contract/zod';
import { KeyName, NAME_MAX } from '../lib/shared/contract/schemas';

export interface RenameFieldProps {
  initial: string;
  /** Resolves to an error message, or null when saved. */
  onSave: (name: string) => Promise<string | null>;
  onCancel: () => void;
}

/**
 * The inputs' maxlength, a backstop only: the browser counts UTF-16 units, the
 * contract counts code points (100 emoji are 200 units), and surrounding
 * whitespace is trimmed first, so nameProblem (the contract's own rule) decides.
 */
export const NAME_INPUT_MAXLENGTH = NAME_MAX * 2 + 20;

/** First problem with a name, by the same rules the server applies; null if fine. */
export function nameProblem(value: string): string | null {
  const parsed = z.safeParse(KeyName, value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid name.');
}

export function RenameField({ initial, onSave, onCancel }: RenameFieldProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useFocusOnMount(input, { select: true });

  const save = async () => {
    if (saving) return;
    const problem = nameProblem(value);
    if (problem) {
      setError(problem);
      input.current?.focus();
      return;
    }
    const trimmed = value.trim();
    if (trimmed === initial) {
      onCancel();
      return;
    }
    setSaving(true);
    setError(null);
    const failure = await onSave(trimmed);
    setSaving(false);
    if (failure) {
      setError(failure);
      input.current?.focus();
    }
  };

  const errorId = 'rename-error';
  return (
    <div class="rename">
      <div class="rename-line">
        <input
          ref={input}
          type="text"
          class="input input-small"
          aria-label="Name"
          value={value}
          maxLength={NAME_INPUT_MAXLENGTH}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(e) => {
            setValue(e.currentTarget.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void save();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            }
          }}
        />
        <button type="button" class="btn btn-small btn-primary" onClick={() => void save()} disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="btn btn-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p id={errorId} class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
