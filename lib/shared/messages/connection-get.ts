// The saved connection, for the options page; null before the first Connect.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

const ConnectionInfo = z.object({
  apiUrl: z.string(),
  remember: z.boolean(),
  /** True when a token is available (in session or local storage). */
  hasToken: z.boolean(),
});

export const connectionGet = defineMessage('connection.get', {
  body: { connectionId: z.optional(ConnectionId) },
  response: z.nullable(ConnectionInfo),
});
