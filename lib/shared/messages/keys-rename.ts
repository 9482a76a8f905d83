import { z } from '../contract/zod';
import { KeyId, KeyMeta, KeyName } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

export const keysRename = defineMessage('keys.rename', {
  body: { id: KeyId, name: KeyName, connectionId: z.optional(ConnectionId) },
  response: z.object({ key: KeyMeta }),
});
