import { z } from '../contract/zod';
import { KeyId, KeyMeta, KeyName } from '../contract/schemas';
import { defineMessage } from './define';

export const keysRename = defineMessage('keys.rename', { body: { id: KeyId, name: KeyName }, response: z.object({ key: KeyMeta }) });
