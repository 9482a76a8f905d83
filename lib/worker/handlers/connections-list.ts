import type { ConnectionInfo } from '../../shared/settings/connection-info';
import type { Handler } from './define';

export const connectionsList: Handler<'connections.list'> = async (ctx) => {
  await ctx.ready();
  const { connections, currentId, problems } = await ctx.deps.connection.list();
  const infos: ConnectionInfo[] = await Promise.all(
    connections.map(async (c) => {
      const loaded = await ctx.deps.connection.load(c.id);
      return { ...c, hasCredential: loaded.state === 'ok' && loaded.credential !== null };
    }),
  );
  return { connections: infos, currentId, problems };
};
