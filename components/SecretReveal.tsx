// Shows a new key's secret exactly once. The secret lives only in this
// component's props/state: never stored, never logged.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ClipboardPlan } from '../lib/page/clipboard-copy';

export interface SecretRevealProps {
  keyName: string;
  secret: string;
  /** Copies and schedules the clipboard's clearing; rejects if the copy failed. */
  copy: (text: string) => Promise<ClipboardPlan | void>;
  onDone: () => void;
  /** The connection the key was made in, named so the admin knows where it belongs. */
  connectionName?: string;
}

export function SecretReveal({ keyName, secret, copy, onDone, connectionName }: SecretRevealProps) {
  const [copied, setCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [plan, setPlan] = useState<ClipboardPlan | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  const hideButton = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  useLayoutEffect(() => {
    if (confirming) hideButton.current?.focus();
  }, [confirming]);

  // `viaKeyboard`: the copy event already put the key on the clipboard; this only schedules the clear.
  const doCopy = async (viaKeyboard = false) => {
    try {
      setPlan((await copy(secret)) ?? null);
      setCopied(true);
      setCopyError(null);
      setConfirming(false);
    } catch {
      if (viaKeyboard) return setCopied(true);
      setCopyError("Couldn't copy to the clipboard. Select the key above and copy it with your keyboard.");
      field.current?.select();
    }
  };

  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">Key “{keyName}” generated</h2>
      {connectionName !== undefined && <p class="muted secret-connection">In connection “{connectionName}”</p>}
      <label for="secret-value">New API key</label>
      <div class="secret-line">
        <input
          ref={field}
          id="secret-value"
          class="input mono"
          type="text"
          readOnly
          value={secret}
          spellcheck={false}
          autoComplete="off"
          aria-describedby="secret-warning"
          onCopy={(event) => {
            // Keyboard copy takes the same path as the button, so it is cleared later too.
            event.clipboardData?.setData('text/plain', secret);
            event.preventDefault();
            void doCopy(true);
          }}
        />
        <button ref={copyButton} type="button" class="btn btn-primary" onClick={() => void doCopy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p id="secret-warning" class="warning">
        <span aria-hidden="true">⚠ </span>This key will be displayed only once. Copy it now: it can't be retrieved later.
      </p>
      {plan && (
        <p id="clipboard-note" class="help">
          {clipboardNote(plan)}
        </p>
      )}
      {copyError && (
        <p class="field-error" role="alert">
          {copyError}
        </p>
      )}
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-hide-text">
          <p id="confirm-hide-text">You haven't copied this key. Once hidden it can never be shown again.</p>
          <div class="actions">
            <button ref={hideButton} type="button" class="btn btn-danger" onClick={onDone}>
              Hide key
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => {
                setConfirming(false);
                copyButton.current?.focus();
              }}
            >
              Go back
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="btn" onClick={() => (copied ? onDone() : setConfirming(true))}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}

export function clipboardNote(plan: ClipboardPlan): string {
  if ('clearError' in plan) return `The clipboard won't be cleared automatically (${plan.clearError}). Clear it yourself after pasting.`;
  if (plan.clearAfterSeconds === 0) return 'Clipboard auto-clear is off (Settings).';
  return `The clipboard will be cleared in ${duration(plan.clearAfterSeconds)} if it still holds this key. Clipboard history kept by your system is outside our reach.`;
}

function duration(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
