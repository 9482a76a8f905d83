// Disconnect one connection (absent: the current one): its credential and its
// cached keys are forgotten; the connection itself stays in the list.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const connectionDisconnect = defineMessage('connection.disconnect', { body: { connectionId: z.optional(ConnectionId) }, response: z.null() });
