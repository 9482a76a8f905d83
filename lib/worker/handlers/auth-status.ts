import { ApiFailure } from '../../shared/errors';
import { providerHost } from '../auth/provider';
import { personLabel } from '../auth/sso-session';
import type { Handler } from './define';

export const authStatus: Handler<'auth.status'> = async (ctx, request) => {
  await ctx.ready();
  const saved = await ctx.deps.connection.load(request.connectionId);
  if (saved.state === 'none') return null;
  if (saved.state === 'corrupt') throw new ApiFailure('not_connected', saved.message);
  const sso = saved.credential?.kind === 'sso' ? saved.credential.session : null;
  return {
    method: saved.method,
    signedIn: saved.credential !== null,
    signedInAs: sso ? personLabel(sso.person) : null,
    issuerHost: sso ? providerHost(sso.issuer) : null,
  };
};
