// Connect: the worker proves URL, permission and token work before saving them.
import { z } from '../contract/zod';
import { defineMessage } from './define';

export const connectionConnect = defineMessage('connection.connect', {
  body: {
    apiUrl: z.string().check(z.maxLength(2048)),
    adminToken: z.string().check(z.maxLength(4096)),
    remember: z.boolean(),
  },
  response: z.object({ keyCount: z.number() }),
});
