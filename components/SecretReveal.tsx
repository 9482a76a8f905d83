// Shows a new key's secret exactly once. The secret lives only in this
// component's props/state: never stored, never logged.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface SecretRevealProps {
  keyName: string;
  secret: string;
  copy: (text: string) => Promise<void>;
  onDone: () => void;
}

export function SecretReveal({ keyName, secret, copy, onDone }: SecretRevealProps) {
  const [copied, setCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  const hideButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  useEffect(() => {
    if (confirming) hideButton.current?.focus();
  }, [confirming]);

  const doCopy = async () => {
    try {
      await copy(secret);
      setCopied(true);
      setCopyError(null);
      setConfirming(false);
    } catch {
      setCopyError("Couldn't copy to the clipboard. Select the key above and copy it with your keyboard.");
      field.current?.select();
    }
  };

  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">Key “{keyName}” generated</h2>
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
          onCopy={() => setCopied(true)}
        />
        <button ref={copyButton} type="button" class="btn btn-primary" onClick={() => void doCopy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p id="secret-warning" class="warning">
        <span aria-hidden="true">⚠ </span>This key will be displayed only once. Copy it now: it can't be retrieved later.
      </p>
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
