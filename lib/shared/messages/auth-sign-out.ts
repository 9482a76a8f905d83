// Sign out: forget the SSO tokens (and revoke the refresh token at the
// provider, best effort). The API URL and the cached list stay.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const authSignOut = defineMessage('auth.signOut', { body: { connectionId: z.optional(ConnectionId) }, response: z.null() });
