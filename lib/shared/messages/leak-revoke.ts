// Revoke a key found by leak.lookup, then prove it: the worker still holds the
// leaked text in memory and asks GET /v1/whoami with it (expecting 401).
import { z } from '../contract/zod';
import { KeyId } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const LeakProof = z.object({
  /** refused: whoami answered 401; still_works: 200 (!); unchecked: no answer to judge by. */
  status: z.enum(['refused', 'still_works', 'unchecked']),
  /** One sentence for the panel. */
  detail: z.string(),
});
export type LeakProof = z.infer<typeof LeakProof>;

export const leakRevoke = defineMessage('leak.revoke', {
  body: { session: z.string(), ref: z.string(), keyId: KeyId, connectionId: z.optional(ConnectionId) },
  response: LeakProof,
});
