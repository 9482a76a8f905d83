// The full list from the server, as the worker cached it.
import { z } from '../contract/zod';
import { IsoInstant, KeyId, KeyMeta } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

/** A key the server listed but the extension could not read: only its id, when that much is valid, so it can still be deleted. */
export const UnreadableKey = z.object({ id: z.nullable(KeyId) });
export type UnreadableKey = z.infer<typeof UnreadableKey>;

export const KeysSnapshot = z.object({
  keys: z.array(KeyMeta),
  /** When the list was last fetched in full from the server; null if never. */
  syncedAt: z.nullable(IsoInstant),
  /** Keys of the last sync that were left out because they could not be read (absent: none, or not synced yet). */
  unreadable: z.optional(z.array(UnreadableKey)),
});
export type KeysSnapshot = z.infer<typeof KeysSnapshot>;

export const keysSync = defineMessage('keys.sync', {
  /** Absent: the current connection. The popup always names the one it shows. */
  body: { connectionId: z.optional(ConnectionId) },
  response: KeysSnapshot,
});
