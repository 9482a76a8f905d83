// Forget the SSO tokens; revoke the refresh token at the provider on the way
// out (best effort: signing out must work with the provider down).
import { revokeRefreshToken } from '../auth/revoke';
import type { Handler } from './define';

export const authSignOut: Handler<'auth.signOut'> = async (ctx) => {
  const saved = await ctx.deps.connection.load();
  await ctx.deps.connection.dropCredential();
  if (saved.state === 'ok' && saved.credential?.kind === 'sso') {
    await revokeRefreshToken(saved.credential.session, ctx.deps.fetch).catch(() => {});
  }
  return null;
};
