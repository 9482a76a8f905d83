// How the key API at this URL lets admins sign in (GET /v1/auth/config), for
// the options page to offer "Sign in with SSO (issuer host)" next to the token.
import { z } from '../contract/zod';
import { SignInMethod } from '../contract/auth';
import { defineMessage } from './define';

export const authConfig = defineMessage('auth.config', {
  body: { apiUrl: z.string().check(z.maxLength(2048)) },
  response: z.object({ methods: z.array(SignInMethod), issuerHost: z.nullable(z.string()) }),
});
