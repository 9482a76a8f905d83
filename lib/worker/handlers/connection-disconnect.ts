// Forgets one connection's credential and cached keys; the connection stays
// in the list (Connect again, or remove it in Options).
import type { Handler } from './define';

export const disconnect: Handler<'connection.disconnect'> = async (ctx, request) => {
  await ctx.ready();
  const saved = await ctx.deps.connection.load(request.connectionId);
  if (saved.state !== 'ok') return null;
  await ctx.deps.connection.dropCredential(saved.connection.id);
  await ctx.deps.notices.clear();
  await ctx.forgetCache(saved.connection.id);
  return null;
};
