import type { Handler } from './types';

export const sync: Handler<'keys.sync'> = (ctx) => ctx.sync();
