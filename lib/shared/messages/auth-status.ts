// Who is signed in, for the options page: never a token, only the method and
// the person's name/email from the verified ID token.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const authStatus = defineMessage('auth.status', {
  body: { connectionId: z.optional(ConnectionId) },
  response: z.nullable(
    z.object({
      method: z.enum(['sso', 'token']),
      signedIn: z.boolean(),
      /** "Alice Admin (alice@example.com)" when signed in with SSO. */
      signedInAs: z.nullable(z.string()),
      issuerHost: z.nullable(z.string()),
    }),
  ),
});
