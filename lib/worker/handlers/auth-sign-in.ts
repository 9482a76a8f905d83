// SSO sign-in, end to end: the API names the provider, the provider signs the
// admin in (its own window), the API confirms they are an admin. Only then is
// anything saved, so a refused sign-in leaves the previous connection alone.
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { fetchAuthConfig } from '../auth/auth-config';
import { signInWithSso } from '../auth/sign-in-flow';
import { personLabel, type SsoSession } from '../auth/sso-session';
import { fixedCredential } from '../api-client';
import { permissionDenied } from '../permissions';
import type { Handler } from './define';

export const authSignIn: Handler<'auth.signIn'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  const { apiUrl } = url;
  if (!(await ctx.deps.hasHostPermission(apiUrl))) throw permissionDenied(apiUrl);
  const doFetch = ctx.deps.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));

  const config = await fetchAuthConfig(apiUrl, doFetch);
  if (!config.methods.includes('sso') || !config.sso) {
    throw new ApiFailure('sign_in_failed', `The key API at ${new URL(apiUrl).origin} does not offer SSO sign-in. Use an admin token.`);
  }
  if (!ctx.deps.webAuthFlow) throw new ApiFailure('internal', 'This browser offers no sign-in window (identity API) to the extension.');
  const session = await signInWithSso({
    issuer: config.sso.issuer,
    clientId: config.sso.clientId,
    scopes: config.sso.scopes,
    flow: ctx.deps.webAuthFlow,
    fetch: ctx.deps.fetch,
    now: () => ctx.deps.now().getTime(),
  });

  // The fresh access token as a fixed credential: nothing is saved yet to refresh into.
  const identity = await ctx
    .clientFor(apiUrl, { ...fixedCredential(session.accessToken), kind: 'sso' })
    .signIn()
    .catch((error: unknown) => {
      throw refusedBy(error, session);
    });

  const previous = await ctx.deps.connection.load();
  await ctx.deps.connection.save({ apiUrl, credential: { kind: 'sso', session }, remember: request.remember });
  const cache = await ctx.cache();
  const cached = await cache.readSnapshot();
  if ((previous.state === 'ok' && previous.apiUrl !== apiUrl) || (cached.apiUrl !== null && cached.apiUrl !== apiUrl)) {
    await cache.clear();
  }
  const snapshot = await ctx.sync();
  return { signedInAs: identity.name || personLabel(session.person), role: identity.role, keyCount: snapshot.keys.length };
};

/** The provider said yes, the key API said no: say who they are signed in as, so they can ask for access (or switch accounts). */
function refusedBy(error: unknown, session: SsoSession): unknown {
  if (!(error instanceof ApiFailure)) return error;
  const who = personLabel(session.person);
  if (error.info.code === 'unauthorized') {
    const server = error.info.message;
    const names = session.person.email !== null && server.includes(session.person.email);
    return new ApiFailure(
      'sign_in_failed',
      names ? server : `You're signed in as ${who}, who is not an admin of this key API. Ask an owner to add you, or sign in as someone else.`,
    );
  }
  if (error.info.code === 'signed_out') {
    return new ApiFailure(
      'sign_in_failed',
      `The key API did not accept the sign-in of ${who}. ${error.info.message.replace(/^Signed out — sign in again\.\s*/, '')}`.trim(),
    );
  }
  return error;
}
