import { ApiFailure } from '../../shared/errors';
import type { Handler } from './define';

/** Idempotent from the admin's view: a key already deleted elsewhere is just as gone. */
export const deleteKey: Handler<'keys.delete'> = async (ctx, request) => {
  const { client, connection } = await ctx.connected(request.connectionId);
  try {
    await client.deleteKey(request.id);
  } catch (error) {
    if (!(error instanceof ApiFailure && error.info.code === 'not_found')) throw error;
  }
  await (await ctx.cache(connection.id)).remove(request.id);
  return null;
};
