import { z } from '../contract/zod';
import { KeyId } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const keysDelete = defineMessage('keys.delete', { body: { id: KeyId, connectionId: z.optional(ConnectionId) }, response: z.null() });
