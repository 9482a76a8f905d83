// SSO sign-in: the worker opens the provider's sign-in window, then tells the
// key API (POST /v1/auth/sign-in) and loads the list. No token in the reply.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { ConnectionColour } from '../settings/connection-info';
import { defineMessage } from './define';

export const authSignIn = defineMessage('auth.signIn', {
  body: {
    /** Absent: a new connection (as Connect). */
    connectionId: z.optional(ConnectionId),
    name: z.optional(z.string().check(z.maxLength(200))),
    colour: z.optional(ConnectionColour),
    production: z.optional(z.boolean()),
    apiUrl: z.string().check(z.maxLength(2048)),
    remember: z.boolean(),
  },
  // role as text, shown only: the audit contract's schemas would cost the options page ~6 KB.
  response: z.object({ signedInAs: z.string(), role: z.string(), keyCount: z.number(), connectionId: ConnectionId }),
});
