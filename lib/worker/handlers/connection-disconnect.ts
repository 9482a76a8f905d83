import type { Handler } from './define';

export const disconnect: Handler<'connection.disconnect'> = async (ctx) => {
  await ctx.deps.connection.clear();
  await ctx.deps.notices.clear();
  await (await ctx.cache()).clear();
  return null;
};
