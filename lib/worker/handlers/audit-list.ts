import type { Handler } from './define';

/** One page of the audit log, straight from the server: it is not cached (it is read rarely, and always wanted fresh). */
export const listAudit: Handler<'audit.list'> = async (ctx, request) => {
  const { client } = await ctx.connected();
  const { type: _type, ...query } = request;
  return client.listAudit(query);
};
