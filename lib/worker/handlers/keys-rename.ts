import { ApiFailure } from '../../shared/errors';
import type { Handler } from './define';

const KEY_GONE_REFRESHED = 'This key no longer exists (it was deleted elsewhere). The list has been refreshed.';

export const rename: Handler<'keys.rename'> = async (ctx, request) => {
  const { client } = await ctx.connected();
  try {
    const key = await client.renameKey(request.id, request.name);
    await (await ctx.cache()).upsert(key);
    return { key };
  } catch (error) {
    if (error instanceof ApiFailure && error.info.code === 'not_found') {
      await (await ctx.cache()).remove(request.id);
      ctx.syncSoon();
      throw new ApiFailure('not_found', KEY_GONE_REFRESHED);
    }
    throw error;
  }
};
