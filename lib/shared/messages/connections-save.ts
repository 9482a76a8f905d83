// Edits one connection's name, colour, production flag and "remember" (its
// API URL changes only through Connect, which proves the new URL works).
// For the organization's connections only "remember" is this device's to change.
import { z } from '../contract/zod';
import { ConnectionId } from '../settings/connection-id';
import { ConnectionColour, ConnectionInfo, ConnectionName } from '../settings/connection-info';
import { defineMessage } from './define';

export const connectionsSave = defineMessage('connections.save', {
  body: { id: ConnectionId, name: ConnectionName, colour: ConnectionColour, production: z.boolean(), remember: z.boolean() },
  response: ConnectionInfo,
});
