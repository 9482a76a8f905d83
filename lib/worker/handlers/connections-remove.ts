// Removing a connection forgets its credential and deletes its cache whole.
import type { Handler } from './define';

export const connectionsRemove: Handler<'connections.remove'> = async (ctx, request) => {
  await ctx.ready();
  await ctx.deps.connection.remove(request.id);
  await ctx.forgetCache(request.id);
  return null;
};
