// Who is signed in (GET /v1/auth/me, cached by the worker): the popup names
// them in its header and hides the writes their role would be refused.
import { z } from '../contract/zod';
import type { AdminIdentity } from '../contract/auth';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

// The same shape as the contract's AdminIdentity, restated so the popup's first
// load does not bundle the audit schemas that contract/auth.ts pulls in through
// AdminRole. The checks below keep the two identical at compile time.
export const Identity = z.object({
  id: z.nullable(z.number()),
  name: z.string(),
  email: z.nullable(z.string()),
  role: z.enum(['viewer', 'admin', 'owner']),
  method: z.enum(['sso', 'token']),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const identical: Same<z.infer<typeof Identity>, AdminIdentity> = true;
void identical;

export type Identity = z.infer<typeof Identity>;

export const IdentityState = z.object({
  /** null: the key API does not say who is signed in (no GET /v1/auth/me); then nothing is restricted. */
  identity: z.nullable(Identity),
  /** When the worker last asked the server. */
  checkedAt: z.string(),
});
export type IdentityState = z.infer<typeof IdentityState>;

export const identityGet = defineMessage('identity.get', {
  // fresh: ask the server now (after a sync, so a role change shows); otherwise the cached answer when there is one.
  body: { fresh: z.optional(z.boolean()), connectionId: z.optional(ConnectionId) },
  response: IdentityState,
});
