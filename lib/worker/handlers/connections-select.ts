import type { Handler } from './define';

export const connectionsSelect: Handler<'connections.select'> = async (ctx, request) => {
  await ctx.ready();
  await ctx.deps.connection.select(request.id);
  return null;
};
