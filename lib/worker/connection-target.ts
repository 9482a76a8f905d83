// Saving a proven credential into a connection, shared by Connect (admin token)
// and SSO sign-in: without a connectionId a new connection is added (and
// shown next); with one, that connection is re-proven or re-pointed. Only
// called once the credential has worked, so a refused attempt saves nothing.
import { ApiFailure } from '../shared/errors';
import { defaultNameFor } from '../shared/settings/connections';
import type { ConnectionColour } from '../shared/settings/connection-info';
import type { Context } from './context';
import type { Connection } from '../shared/settings/connection-info';
import type { Credential } from './stores/connection-store';

export interface ConnectionRequest {
  connectionId?: string | undefined;
  name?: string | undefined;
  colour?: ConnectionColour | undefined;
  production?: boolean | undefined;
  remember: boolean;
}

const GONE = 'That connection no longer exists. It may have been removed in another window.';

/** The connection a Connect/Sign-in is for (null: a new one); refuses re-pointing an organization's connection. Call before proving anything. */
export async function targetOf(ctx: Context, request: ConnectionRequest, apiUrl: string): Promise<Connection | null> {
  const name = request.name?.trim() ?? '';
  if (name.length > 60) throw new ApiFailure('invalid_input', 'Keep the name under 60 characters.', 'name');
  await ctx.ready();
  if (request.connectionId === undefined) return null;
  const previous = await ctx.deps.connection.load(request.connectionId);
  if (previous.state !== 'ok') throw new ApiFailure('not_found', GONE);
  if (previous.connection.managed && previous.connection.apiUrl !== apiUrl) {
    throw new ApiFailure('forbidden', "This connection's API URL is set by your organization and cannot be changed here.", 'apiUrl');
  }
  return previous.connection;
}

/** Saves the proven credential and the connection, drops a cache of another API, syncs. Answers the id and the key count. */
export async function saveProven(
  ctx: Context,
  existing: Connection | null,
  request: ConnectionRequest,
  apiUrl: string,
  credential: Credential,
): Promise<{ connectionId: string; keyCount: number }> {
  const id = existing?.id ?? ctx.deps.newId();
  await ctx.deps.connection.saveCredential(id, credential, request.remember);
  await ctx.deps.connection.saveConnection(id, {
    name: request.name?.trim() || existing?.name || defaultNameFor(apiUrl),
    apiUrl,
    colour: request.colour ?? existing?.colour ?? 'blue',
    production: request.production ?? existing?.production ?? false,
    signIn: credential.kind,
    remember: request.remember,
  });
  // A connection just added is the one the admin wants to see next.
  if (!existing) await ctx.deps.connection.select(id);
  const cache = await ctx.cache(id);
  const cached = await cache.readSnapshot();
  if ((existing && existing.apiUrl !== apiUrl) || (cached.apiUrl !== null && cached.apiUrl !== apiUrl)) await cache.clear();
  const snapshot = await ctx.sync(id);
  return { connectionId: id, keyCount: snapshot.keys.length };
}
