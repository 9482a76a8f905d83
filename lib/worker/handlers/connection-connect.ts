// Prove the URL, permission and token work BEFORE saving anything; then save,
// drop a cache that belongs to another API, and load the full list.
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { permissionDenied } from '../permissions';
import { fixedCredential } from '../api-client';
import type { Handler } from './define';

export const connect: Handler<'connection.connect'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  const adminToken = request.adminToken.trim();
  if (!adminToken) throw new ApiFailure('invalid_input', 'Enter the admin token.', 'adminToken');
  if (/\s/.test(adminToken)) throw new ApiFailure('invalid_input', 'The admin token must not contain spaces or line breaks.', 'adminToken');
  const { apiUrl } = url;
  if (!(await ctx.deps.hasHostPermission(apiUrl))) throw permissionDenied(apiUrl);

  await ctx.clientFor(apiUrl, fixedCredential(adminToken)).listKeys({ limit: 1 });

  const previous = await ctx.deps.connection.load();
  await ctx.deps.connection.save({ apiUrl, credential: { kind: 'token', token: adminToken }, remember: request.remember });
  const cache = await ctx.cache();
  const cached = await cache.readSnapshot();
  if ((previous.state === 'ok' && previous.apiUrl !== apiUrl) || (cached.apiUrl !== null && cached.apiUrl !== apiUrl)) {
    await cache.clear();
  }
  const snapshot = await ctx.sync();
  return { keyCount: snapshot.keys.length };
};
