import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { fetchAuthConfig } from '../auth/auth-config';
import { providerHost } from '../auth/provider';
import { permissionDenied } from '../permissions';
import type { Handler } from './define';

export const authConfig: Handler<'auth.config'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  if (!(await ctx.deps.hasHostPermission(url.apiUrl))) throw permissionDenied(url.apiUrl);
  const config = await fetchAuthConfig(url.apiUrl, ctx.deps.fetch ?? ((input, init) => fetch(input, init)));
  return { methods: config.methods, issuerHost: config.sso ? providerHost(config.sso.issuer) : null };
};
