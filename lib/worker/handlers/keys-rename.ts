import { ApiFailure } from '../../shared/errors';
import type { Handler } from './define';

const KEY_GONE_REFRESHED = 'This key no longer exists (it was deleted elsewhere). The list has been refreshed.';

export const rename: Handler<'keys.rename'> = async (ctx, request) => {
  const { client, connection } = await ctx.connected(request.connectionId);
  try {
    const key = await client.renameKey(request.id, request.name);
    await (await ctx.cache(connection.id)).upsert(key);
    return { key };
  } catch (error) {
    if (error instanceof ApiFailure && error.info.code === 'not_found') {
      await (await ctx.cache(connection.id)).remove(request.id);
      ctx.syncSoon(connection.id);
      throw new ApiFailure('not_found', KEY_GONE_REFRESHED);
    }
    throw error;
  }
};
