// Name, colour, production flag and "remember" of one connection. A changed
// "remember" moves the credential to the other storage area at once.
import { ApiFailure } from '../../shared/errors';
import type { Handler } from './define';

export const connectionsSave: Handler<'connections.save'> = async (ctx, request) => {
  await ctx.ready();
  const saved = await ctx.deps.connection.load(request.id);
  if (saved.state !== 'ok') throw new ApiFailure('not_found', 'That connection no longer exists. It may have been removed in another window.');
  const { connection, credential } = saved;
  if (
    connection.managed &&
    (request.name !== connection.name || request.colour !== connection.colour || request.production !== connection.production)
  ) {
    throw new ApiFailure('forbidden', 'This connection is set by your organization and cannot be changed here.');
  }
  if (credential && request.remember !== connection.remember) await ctx.deps.connection.saveCredential(connection.id, credential, request.remember);
  const next = await ctx.deps.connection.saveConnection(connection.id, {
    name: request.name,
    apiUrl: connection.apiUrl,
    colour: request.colour,
    production: request.production,
    signIn: connection.signIn,
    remember: request.remember,
  });
  ctx.afterCacheChange(); // the badge's tooltip names connections
  return { ...next, hasCredential: credential !== null };
};
