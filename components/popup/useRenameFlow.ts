// Renaming a key in its row: one row edits at a time; on success the row
// leaves edit mode (KeyRow puts focus back on its Edit button).
import { useState } from 'preact/hooks';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { keysRename } from '../../lib/shared/messages/keys-rename';
import type { PopupApi } from '../api';
import type { KeyListFlow } from './useKeyList';

export interface RenameFlow {
  editingId: string | null;
  edit: (id: string) => void;
  cancel: () => void;
  /** Resolves with an error message to show in the field, or null when renamed. */
  rename: (key: KeyMeta, name: string) => Promise<string | null>;
}

export function useRenameFlow(api: PopupApi, list: Pick<KeyListFlow, 'edit'>): RenameFlow {
  const [editingId, setEditingId] = useState<string | null>(null);
  return {
    editingId,
    edit: setEditingId,
    cancel: () => setEditingId(null),
    async rename(key, name) {
      const reply = await api.send(keysRename, { id: key.id, name });
      if ('error' in reply) return reply.error.message;
      list.edit((keys) => keys.map((k) => (k.id === key.id ? reply.ok.key : k)));
      setEditingId(null);
      return null;
    },
  };
}
