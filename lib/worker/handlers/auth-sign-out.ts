// Forget the SSO tokens; revoke the refresh token at the provider on the way
// out (best effort: signing out must work with the provider down).
import { revokeRefreshToken } from '../auth/revoke';
import type { Handler } from './define';

export const authSignOut: Handler<'auth.signOut'> = async (ctx, request) => {
  await ctx.ready();
  const saved = await ctx.deps.connection.load(request.connectionId);
  if (saved.state !== 'ok') return null;
  await ctx.deps.connection.dropCredential(saved.connection.id);
  if (saved.state === 'ok' && saved.credential?.kind === 'sso') {
    await revokeRefreshToken(saved.credential.session, ctx.deps.fetch).catch(() => {});
  }
  return null;
};
