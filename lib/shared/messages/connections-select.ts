// The connection the popup shows (and the badge's click leads to).
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const connectionsSelect = defineMessage('connections.select', { body: { id: ConnectionId }, response: z.null() });
