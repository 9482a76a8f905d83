// The leak panel closed: the worker drops every leaked text it held for it.
import { z } from '../contract/zod';
import { defineMessage } from './define';

/** The Port the leak panel keeps open; when it disconnects (panel closed, popup gone) the worker forgets too. */
export const LEAK_PANEL_PORT = 'leak-panel';

export const leakForget = defineMessage('leak.forget', { body: { session: z.optional(z.string()) }, response: z.null() });
