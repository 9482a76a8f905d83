// Every connection (the organization's first), which one is current, and what
// could not be read (a damaged list, an unreadable policy). Never a credential.
import { z } from '../contract/zod';
import { ConnectionInfo } from '../settings/connection-info';
import { defineMessage } from './define';

export const ConnectionsOverview = z.object({
  connections: z.array(ConnectionInfo),
  currentId: z.nullable(z.string()),
  problems: z.array(z.string()),
});
export type ConnectionsOverview = z.infer<typeof ConnectionsOverview>;

export const connectionsList = defineMessage('connections.list', { body: {}, response: ConnectionsOverview });
