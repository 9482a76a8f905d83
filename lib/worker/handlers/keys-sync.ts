import type { Handler } from './define';

export const sync: Handler<'keys.sync'> = (ctx, request) => ctx.sync(request.connectionId);
