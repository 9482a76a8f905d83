// Deleting a key through the confirm dialog. When the dialog closes, focus
// goes back to the row's Delete button (cancelled) or to the list (deleted).
import { useState } from 'preact/hooks';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { keysDelete } from '../../lib/shared/messages/keys-delete';
import type { PopupApi } from '../api';
import type { KeyListFlow } from './useKeyList';

/** What deleting needs of a key: its id, and a name to confirm with (an unreadable key is named by its id). */
export type DeleteTarget = Pick<KeyMeta, 'id' | 'name'>;

export interface DeleteFlow {
  deleting: DeleteTarget | null;
  ask: (key: DeleteTarget, trigger: HTMLElement | null) => void;
  /** Resolves with an error message to show in the dialog, or null when deleted. */
  confirm: () => Promise<string | null>;
  cancel: () => void;
}

/** Deletes a key on the worker; already gone (someone deleted it elsewhere) is what was asked for. Null when done. */
export async function deleteKey(api: PopupApi, list: Pick<KeyListFlow, 'forget'>, id: string): Promise<string | null> {
  const reply = await api.send(keysDelete, { id });
  if ('error' in reply && reply.error.code !== 'not_found') return reply.error.message;
  list.forget(id);
  return null;
}

export function useDeleteFlow(
  api: PopupApi,
  list: Pick<KeyListFlow, 'forget'>,
  focus: { after: (target: () => HTMLElement | null | undefined) => void; fallback: () => HTMLElement | null | undefined },
): DeleteFlow {
  const [state, setState] = useState<{ key: DeleteTarget; trigger: HTMLElement | null } | null>(null);
  const close = (deleted: boolean) => {
    const trigger = state?.trigger;
    setState(null);
    // Back to the row's Delete button if it is still there, else to the list.
    focus.after(() => (!deleted && trigger?.isConnected ? trigger : focus.fallback()));
  };
  return {
    deleting: state?.key ?? null,
    ask: (key, trigger) => setState({ key, trigger }),
    async confirm() {
      if (!state) return null;
      const problem = await deleteKey(api, list, state.key.id);
      if (problem) return problem;
      close(true);
      return null;
    },
    cancel: () => close(false),
  };
}
