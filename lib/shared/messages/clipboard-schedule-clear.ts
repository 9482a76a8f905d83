// Clear the clipboard later, only if it still holds the copied value. The
// page sends the SHA-256 (hex) of what it copied, never the value itself.
import { z } from '../contract/zod';
import { defineMessage } from './define';

export const clipboardScheduleClear = defineMessage('clipboard.scheduleClear', {
  body: {
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    delaySeconds: z.int().check(z.gte(1), z.lte(3600)),
  },
  response: z.null(),
});
