// The full list from the server, as the worker cached it.
import { z } from '../contract/zod';
import { IsoInstant, KeyMeta } from '../contract/schemas';
import { defineMessage } from './define';

export const KeysSnapshot = z.object({
  keys: z.array(KeyMeta),
  /** When the list was last fetched in full from the server; null if never. */
  syncedAt: z.nullable(IsoInstant),
});
export type KeysSnapshot = z.infer<typeof KeysSnapshot>;

export const keysSync = defineMessage('keys.sync', { body: {}, response: KeysSnapshot });
