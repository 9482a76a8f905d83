// Removes one of the admin's own connections: its credential and its cache go with it.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const connectionsRemove = defineMessage('connections.remove', { body: { id: ConnectionId }, response: z.null() });
