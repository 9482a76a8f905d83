// How the key API at this URL lets admins sign in (GET /v1/auth/config), for
// the options page to offer "Sign in with SSO (issuer host)" next to the token.
import { z } from '../contract/zod';
import { defineMessage } from './define';

export const authConfig = defineMessage('auth.config', {
  body: { apiUrl: z.string().check(z.maxLength(2048)) },
  // Not contract/auth's SignInMethod: that module's z.url() would join the zod chunk every page loads.
  response: z.object({ methods: z.array(z.enum(['sso', 'token'])), issuerHost: z.nullable(z.string()) }),
});
