// Keys the server listed but this extension could not read (a value the
// contract refuses, e.g. an older server's out-of-range date). They are not
// in the list, so the admin is told how many and can still delete each one
// that has a valid id: one bad key must never leave the toolbar unable to act.
import type { UnreadableKey } from '../lib/shared/messages/keys-sync';
import type { DeleteTarget } from './popup/useDeleteFlow';

export function UnreadableKeys(props: { keys: readonly UnreadableKey[]; onDelete: (key: DeleteTarget, trigger: HTMLElement | null) => void }) {
  const { keys, onDelete } = props;
  const deletable = keys.filter((k): k is { id: string } => k.id !== null);
  const nameless = keys.length - deletable.length;
  return (
    <section class="notice notice-danger" role="status" aria-labelledby="unreadable-title">
      <p id="unreadable-title">
        {keys.length === 1 ? '1 key from the key API could not be read' : `${keys.length} keys from the key API could not be read`} and{' '}
        {keys.length === 1 ? 'is' : 'are'} not shown: the server sent values this extension doesn't understand. The other keys are complete.
      </p>
      {deletable.length > 0 && (
        <ul class="unreadable-list">
          {deletable.map((k) => (
            <li key={k.id}>
              <code>{k.id}</code>
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Delete unreadable key ${k.id}`}
                onClick={(event) => onDelete({ id: k.id, name: k.id }, event.currentTarget)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {nameless > 0 && (
        <p>{nameless === 1 ? 'One of them has' : `${nameless} of them have`} no valid id either: ask whoever runs the key API to fix or delete it.</p>
      )}
    </section>
  );
}
