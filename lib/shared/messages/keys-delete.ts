import { z } from '../contract/zod';
import { KeyId } from '../contract/schemas';
import { defineMessage } from './define';

export const keysDelete = defineMessage('keys.delete', { body: { id: KeyId }, response: z.null() });
