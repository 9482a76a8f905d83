import { ApiFailure } from '../../shared/errors';
import type { Handler } from './define';

export const connectionGet: Handler<'connection.get'> = async (ctx, request) => {
  await ctx.ready();
  const saved = await ctx.deps.connection.load(request.connectionId);
  if (saved.state === 'none') return null;
  if (saved.state === 'corrupt') throw new ApiFailure('not_connected', saved.message);
  return { apiUrl: saved.apiUrl, remember: saved.remember, hasToken: saved.credential?.kind === 'token' };
};
