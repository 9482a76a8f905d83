// SSO sign-in: the worker opens the provider's sign-in window, then tells the
// key API (POST /v1/auth/sign-in) and loads the list. No token in the reply.
import { z } from '../contract/zod';
import { AdminRole } from '../contract/audit';
import { defineMessage } from './define';

export const authSignIn = defineMessage('auth.signIn', {
  body: { apiUrl: z.string().check(z.maxLength(2048)), remember: z.boolean() },
  response: z.object({ signedInAs: z.string(), role: AdminRole, keyCount: z.number() }),
});
