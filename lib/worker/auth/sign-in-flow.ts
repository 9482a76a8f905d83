// Interactive SSO sign-in: authorization code + PKCE (S256) through the
// browser's web-auth window, `state` and `nonce` checked by oauth4webapi, the
// endpoints from the provider's discovery document. Yields an SsoSession; the
// caller decides where it is kept. Tokens never enter an error message.
import * as oauth from 'oauth4webapi';
import { ApiFailure } from '../../shared/errors';
import type { FetchLike } from '../api-client';
import { discoverProvider, providerFailure } from './provider';
import { sessionFrom, type SsoSession } from './sso-session';
import type { WebAuthFlow } from './web-auth-flow';

export interface SignInInput {
  issuer: string;
  clientId: string;
  /** From GET /v1/auth/config; openid (for the ID token and its nonce) and offline_access (for a refresh token) are always added. */
  scopes: readonly string[];
  flow: WebAuthFlow;
  fetch?: FetchLike;
  now: () => number;
}

export const CANCELLED_MESSAGE = 'Sign-in was cancelled.';

function signInScopes(scopes: readonly string[]): string {
  return [...new Set(['openid', ...scopes, 'offline_access'])].join(' ');
}

export async function signInWithSso(input: SignInInput): Promise<SsoSession> {
  const provider = await discoverProvider(input.issuer, input.clientId, input.fetch);
  const { as, client, host } = provider;
  if (!as.authorization_endpoint || !as.token_endpoint) {
    throw new ApiFailure('sign_in_failed', `The identity provider at ${host} does not publish the endpoints sign-in needs.`);
  }
  const redirectUri = input.flow.redirectUrl();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: signInScopes(input.scopes),
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    // Providers issue a refresh token (offline_access) only after consent.
    prompt: 'consent',
  }).toString();

  let redirected: string;
  try {
    redirected = await input.flow.launch(url.toString(), true);
  } catch (error) {
    throw launchFailure(error, host);
  }

  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, new URL(redirected), state);
  } catch (error) {
    throw callbackFailure(error, host);
  }

  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, {
      ...provider.options,
      signal: provider.options.signal?.(),
    });
    const answer = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
    const claims = oauth.getValidatedIdTokenClaims(answer);
    if (!claims) throw new ApiFailure('sign_in_failed', `The identity provider at ${host} sent no ID token.`);
    const person = {
      sub: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      name: typeof claims.name === 'string' ? claims.name : null,
    };
    return sessionFrom(answer, { issuer: input.issuer, clientId: input.clientId, person }, input.now());
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError && /nonce/i.test(error.message)) {
      throw new ApiFailure(
        'sign_in_failed',
        `Sign-in stopped: the identity provider's answer did not belong to this sign-in (nonce mismatch). Try again.`,
      );
    }
    if (error instanceof oauth.ResponseBodyError) {
      throw new ApiFailure('sign_in_failed', `The identity provider at ${host} refused the sign-in (${safeCode(error.error)}). Try again.`);
    }
    throw providerFailure(host, error);
  }
}

function launchFailure(error: unknown, host: string): ApiFailure {
  const text = error instanceof Error ? error.message : String(error);
  // Chrome: "The user did not approve access."; Firefox: "User cancelled or denied access.".
  if (/did not approve|cancel|denied/i.test(text)) return new ApiFailure('sign_in_failed', CANCELLED_MESSAGE);
  return new ApiFailure('sign_in_failed', `The sign-in page of ${host} could not be shown. Is the identity provider up? Try again.`);
}

function callbackFailure(error: unknown, host: string): ApiFailure {
  if (error instanceof oauth.AuthorizationResponseError) {
    if (error.error === 'access_denied') return new ApiFailure('sign_in_failed', CANCELLED_MESSAGE);
    return new ApiFailure('sign_in_failed', `The identity provider at ${host} refused the sign-in (${safeCode(error.error)}).`);
  }
  if (error instanceof oauth.OperationProcessingError && /state/i.test(error.message)) {
    return new ApiFailure(
      'sign_in_failed',
      "Sign-in stopped: the identity provider's answer did not belong to this sign-in (state mismatch). Try again.",
    );
  }
  return new ApiFailure('sign_in_failed', `The identity provider at ${host} sent back an answer the extension can't use.`);
}

/** An OAuth error code is a short ASCII word by spec; anything else is not repeated. */
function safeCode(code: string): string {
  return /^[\w.-]{1,64}$/.test(code) ? code : 'error';
}
