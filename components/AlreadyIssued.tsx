// A retried create found that an earlier attempt had already made the key:
// its secret went out once, never arrived, and can't be shown again. The
// admin decides: delete it and generate a fresh one, or keep it.
import { useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import { useFocusOnMount } from './focus';

export const ALREADY_ISSUED_TEXT = "This key was already created by an earlier attempt, but its secret never reached you and can't be shown again.";

export interface AlreadyIssuedProps {
  keyMeta: KeyMeta;
  /** Deletes the key and generates a new one; resolves with an error message, or null when done. */
  onDeleteAndRetry: () => Promise<string | null>;
  onKeep: () => void;
}

export function AlreadyIssued({ keyMeta, onDeleteAndRetry, onKeep }: AlreadyIssuedProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  useFocusOnMount(first);

  const retry = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const problem = await onDeleteAndRetry();
    setBusy(false);
    if (problem) setError(problem);
  };

  return (
    <section class="already-issued" aria-labelledby="already-title" aria-describedby="already-text">
      <h2 id="already-title">“{keyMeta.name}” was already created</h2>
      <p id="already-text" role="alert">
        {ALREADY_ISSUED_TEXT}
      </p>
      <p class="muted">
        Key <code>{keyMeta.hint}</code>
      </p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button ref={first} type="button" class="btn btn-primary" onClick={() => void retry()} disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy ? 'Deleting and generating…' : 'Delete it and generate a new one'}
        </button>
        <button type="button" class="btn" onClick={onKeep} disabled={busy}>
          Keep it
        </button>
      </div>
    </section>
  );
}
