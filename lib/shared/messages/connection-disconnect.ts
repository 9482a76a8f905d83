// Disconnect: forget the connection, its token, notices and cached list.
import { z } from '../contract/zod';
import { defineMessage } from './define';

export const connectionDisconnect = defineMessage('connection.disconnect', { body: {}, response: z.null() });
