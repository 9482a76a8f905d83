import type { Handler } from './define';

/** One page of the audit log, straight from the server: it is not cached (it is read rarely, and always wanted fresh). */
export const listAudit: Handler<'audit.list'> = async (ctx, request) => {
  const { type: _type, connectionId, ...query } = request;
  const { client } = await ctx.connected(connectionId);
  return client.listAudit(query);
};
