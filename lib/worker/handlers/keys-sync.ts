import type { Handler } from './define';

export const sync: Handler<'keys.sync'> = (ctx) => ctx.sync();
