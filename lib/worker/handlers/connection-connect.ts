// Prove the URL, permission and token work BEFORE saving anything; then save
// the connection and its credential, drop a cache that belongs to another API,
// and load the full list. Without a connectionId this adds a connection.
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { permissionDenied } from '../permissions';
import { fixedCredential } from '../api-client';
import { saveProven, targetOf } from '../connection-target';
import type { Handler } from './define';

export const connect: Handler<'connection.connect'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  const adminToken = request.adminToken.trim();
  if (!adminToken) throw new ApiFailure('invalid_input', 'Enter the admin token.', 'adminToken');
  if (/\s/.test(adminToken)) throw new ApiFailure('invalid_input', 'The admin token must not contain spaces or line breaks.', 'adminToken');
  const { apiUrl } = url;
  if (!(await ctx.deps.hasHostPermission(apiUrl))) throw permissionDenied(apiUrl);
  const existing = await targetOf(ctx, request, apiUrl);

  await ctx.clientFor(apiUrl, fixedCredential(adminToken)).listKeys({ limit: 1 });

  return saveProven(ctx, existing, request, apiUrl, { kind: 'token', token: adminToken });
};
