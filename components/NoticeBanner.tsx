import type { Notice } from '../lib/shared/messages/notices-take';

function text(notice: Notice): string {
  if (notice.kind === 'unseen_key_deleted') {
    return `The key “${notice.keyName}” was generated while this popup was closed, so nobody saw its secret. It was deleted for safety: generate a new one if you still need it.`;
  }
  return `The key “${notice.keyName}” was generated but its secret was never shown, and it could not be deleted automatically. Delete it from the list below: nobody can ever copy its secret.`;
}

export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: (id: string) => void }) {
  return (
    <div class={`notice notice-${notice.kind === 'unseen_key_live' ? 'danger' : 'info'}`} role="alert">
      <p>{text(notice)}</p>
      <button type="button" class="btn btn-small" onClick={() => onDismiss(notice.id)}>
        Dismiss
      </button>
    </div>
  );
}
