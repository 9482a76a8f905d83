// Prove the URL, permission and token work BEFORE saving anything; then save
// the connection and its credential, drop a cache that belongs to another API,
// and load the full list. Without a connectionId this adds a connection.
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { defaultNameFor } from '../../shared/settings/connections';
import { permissionDenied } from '../permissions';
import type { Handler } from './define';

export const connect: Handler<'connection.connect'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  const adminToken = request.adminToken.trim();
  if (!adminToken) throw new ApiFailure('invalid_input', 'Enter the admin token.', 'adminToken');
  if (/\s/.test(adminToken)) throw new ApiFailure('invalid_input', 'The admin token must not contain spaces or line breaks.', 'adminToken');
  const name = request.name?.trim() ?? '';
  if (name.length > 60) throw new ApiFailure('invalid_input', 'Keep the name under 60 characters.', 'name');
  const { apiUrl } = url;
  if (!(await ctx.deps.hasHostPermission(apiUrl))) throw permissionDenied(apiUrl);

  await ctx.ready();
  const previous = request.connectionId === undefined ? null : await ctx.deps.connection.load(request.connectionId);
  if (previous?.state === 'none') throw new ApiFailure('not_found', 'That connection no longer exists. It may have been removed in another window.');
  const existing = previous?.state === 'ok' ? previous.connection : null;
  if (existing?.managed && existing.apiUrl !== apiUrl) {
    throw new ApiFailure('forbidden', "This connection's API URL is set by your organization and cannot be changed here.", 'apiUrl');
  }

  await ctx.clientFor(apiUrl, adminToken).listKeys({ limit: 1 });

  const id = existing?.id ?? ctx.deps.newId();
  await ctx.deps.connection.saveCredential(id, { kind: 'token', token: adminToken }, request.remember);
  await ctx.deps.connection.saveConnection(id, {
    name: name || existing?.name || defaultNameFor(apiUrl),
    apiUrl,
    colour: request.colour ?? existing?.colour ?? 'blue',
    production: request.production ?? existing?.production ?? false,
    signIn: 'token',
    remember: request.remember,
  });
  // A connection just connected is the one the admin wants to see next.
  if (!existing) await ctx.deps.connection.select(id);
  const cache = await ctx.cache(id);
  const cached = await cache.readSnapshot();
  if ((existing && existing.apiUrl !== apiUrl) || (cached.apiUrl !== null && cached.apiUrl !== apiUrl)) await cache.clear();
  const snapshot = await ctx.sync(id);
  return { keyCount: snapshot.keys.length, connectionId: id };
};
