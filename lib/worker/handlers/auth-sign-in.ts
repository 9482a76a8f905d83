// SSO sign-in, end to end: the API names the provider, the provider signs the
// admin in (its own window), the API confirms they are an admin. Only then is
// anything saved, so a refused sign-in leaves the previous connection alone.
// Like Connect: without a connectionId it adds a connection, with one it signs that one in.
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { fetchAuthConfig } from '../auth/auth-config';
import { signInWithSso } from '../auth/sign-in-flow';
import { personLabel, type SsoSession } from '../auth/sso-session';
import { fixedCredential } from '../api-client';
import { permissionDenied } from '../permissions';
import { saveProven, targetOf } from '../connection-target';
import type { Handler } from './define';

export const authSignIn: Handler<'auth.signIn'> = async (ctx, request) => {
  const url = validateApiUrl(request.apiUrl);
  if (!url.ok) throw new ApiFailure('invalid_input', url.message, 'apiUrl');
  const { apiUrl } = url;
  if (!(await ctx.deps.hasHostPermission(apiUrl))) throw permissionDenied(apiUrl);
  const existing = await targetOf(ctx, request, apiUrl);
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

  const saved = await saveProven(ctx, existing, request, apiUrl, { kind: 'sso', session });
  // Who the key API says they are (its admins table), in the same form as personLabel.
  const signedInAs = identity.name && identity.email ? `${identity.name} (${identity.email})` : identity.name || personLabel(session.person);
  return { signedInAs, role: identity.role, keyCount: saved.keyCount, connectionId: saved.connectionId };
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
