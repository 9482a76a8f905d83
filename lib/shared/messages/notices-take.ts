// Notices the worker left for the popup (e.g. a key created while the popup
// was closed), handed over once. Metadata only: never a secret.
import { z } from '../contract/zod';
import { IsoInstant, KeyId } from '../contract/schemas';
import { defineMessage } from './define';

export const Notice = z.object({
  id: z.string(),
  kind: z.enum(['unseen_key_deleted', 'unseen_key_live']),
  keyId: KeyId,
  keyName: z.string(),
  at: IsoInstant,
});
export type Notice = z.infer<typeof Notice>;

export const noticesTake = defineMessage('notices.take', { body: {}, response: z.array(Notice) });
