// "Type the key's name to confirm": the guard on destructive actions in a
// production connection (Delete, Replace with no grace period, Revoke from
// the leak panel). Matching is exact after trimming the ends, so a key named
// "prod" can't be confirmed by typing "Prod".
import type { Ref } from 'preact';

export function nameMatches(typed: string, expected: string): boolean {
  return typed.trim() === expected.trim() && expected.trim() !== '';
}

export interface TypedNameConfirmProps {
  /** The key's name the admin must type. */
  expected: string;
  value: string;
  onInput: (value: string) => void;
  /** Unique per page, for label/description ids. */
  id: string;
  /** The production connection's name, so the admin reads where they are. */
  connectionName: string;
  inputRef?: Ref<HTMLInputElement>;
}

export function TypedNameConfirm({ expected, value, onInput, id, connectionName, inputRef }: TypedNameConfirmProps) {
  return (
    <div class="field typed-confirm">
      <p id={`${id}-why`} class="production-warning">
        <strong>PRODUCTION</strong> — “{connectionName}” is a production connection.
      </p>
      <label for={id}>Type the key's name, “{expected}”, to confirm</label>
      <input
        ref={inputRef}
        id={id}
        class="input"
        type="text"
        autoComplete="off"
        spellcheck={false}
        value={value}
        aria-describedby={`${id}-why`}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}
