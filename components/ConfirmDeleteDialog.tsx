// A modal confirmation: role=dialog + aria-modal, focus trapped inside,
// Escape cancels. The caller makes the rest of the page inert while it is open
// and puts focus back on the list when it closes.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useFocusOnMount } from './focus';
import { nameMatches, TypedNameConfirm } from './connections/TypedNameConfirm';

export interface ConfirmDeleteDialogProps {
  keyName: string;
  /** Resolves to an error message, or null once deleted (the caller then closes the dialog). */
  onConfirm: () => Promise<string | null>;
  onCancel: () => void;
  /** Set in a production connection: the admin must type the key's name before Delete works. */
  productionConnection?: string;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ConfirmDeleteDialog({ keyName, onConfirm, onCancel, productionConnection }: ConfirmDeleteDialogProps) {
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState('');
  const confirmed = productionConnection === undefined || nameMatches(typed, keyName);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  // Focus moves in, and the keys are listened for, before the dialog is
  // painted: a layout effect runs at once, a plain one only after the next
  // frame (up to 100 ms later in a background page), and a key pressed in
  // that gap would be lost.
  useFocusOnMount(cancelButton);

  // On the document, not the dialog: Escape and Tab must work even if focus
  // is somewhere else at that instant. Subscribed once; the ref always holds
  // this render's handler (it reads `busy`).
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  useLayoutEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    document.addEventListener('keydown', listener, true);
    return () => document.removeEventListener('keydown', listener, true);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (!busy) onCancel();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const items = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !dialog.current.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.current.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };
  keyHandler.current = onKeyDown;

  const confirm = async () => {
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    const failure = await onConfirm();
    if (failure) {
      setBusy(false);
      setError(failure);
      cancelButton.current?.focus();
    }
  };

  return (
    <div class="backdrop">
      <div ref={dialog} class="dialog" role="dialog" aria-modal="true" aria-labelledby="delete-title" aria-describedby="delete-desc">
        <h2 id="delete-title">Delete “{keyName}”?</h2>
        <p id="delete-desc">Every system using the key “{keyName}” loses access immediately. This can't be undone.</p>
        {productionConnection !== undefined && (
          <TypedNameConfirm id="delete-typed-name" expected={keyName} value={typed} onInput={setTyped} connectionName={productionConnection} />
        )}
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn-danger" onClick={() => void confirm()} disabled={busy || !confirmed}>
            {busy ? 'Deleting…' : 'Delete'}
          </button>
          <button ref={cancelButton} type="button" class="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
