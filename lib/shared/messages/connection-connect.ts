// Connect: the worker proves URL, permission and token work before saving them.
// Without connectionId it adds a new connection; with one it reconnects (or
// re-points) that connection. The other fields describe the connection.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { ConnectionColour } from '../settings/connection-info';
import { defineMessage } from './define';

export const connectionConnect = defineMessage('connection.connect', {
  body: {
    connectionId: z.optional(ConnectionId),
    /** Empty or absent: the API's host name. */
    name: z.optional(z.string().check(z.maxLength(200))),
    colour: z.optional(ConnectionColour),
    production: z.optional(z.boolean()),
    apiUrl: z.string().check(z.maxLength(2048)),
    adminToken: z.string().check(z.maxLength(4096)),
    remember: z.boolean(),
  },
  response: z.object({ keyCount: z.number(), connectionId: ConnectionId }),
});
