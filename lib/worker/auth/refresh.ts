// The refresh_token grant. The provider refusing (revoked, expired, reused)
// ends the session: 'signed_out'. The provider being unreachable does not:
// the session is kept and the next request tries again.
import * as oauth from 'oauth4webapi';
import { ApiFailure } from '../../shared/errors';
import type { FetchLike } from '../api-client';
import { discoverProvider, providerFailure } from './provider';
import { sessionFrom, type SsoSession } from './sso-session';

export const SIGNED_OUT_MESSAGE = 'Signed out — sign in again.';

export async function refreshSession(session: SsoSession, now: () => number, doFetch?: FetchLike): Promise<SsoSession> {
  if (!session.refreshToken) throw new ApiFailure('signed_out', SIGNED_OUT_MESSAGE);
  const provider = await discoverProvider(session.issuer, session.clientId, doFetch);
  try {
    const response = await oauth.refreshTokenGrantRequest(provider.as, provider.client, oauth.None(), session.refreshToken, {
      ...provider.options,
      signal: provider.options.signal?.(),
    });
    const answer = await oauth.processRefreshTokenResponse(provider.as, provider.client, response);
    return sessionFrom(answer, { ...session, refreshToken: session.refreshToken }, now());
  } catch (error) {
    // invalid_grant and friends: the provider has ended this session.
    if (error instanceof oauth.ResponseBodyError) throw new ApiFailure('signed_out', SIGNED_OUT_MESSAGE);
    throw providerFailure(provider.host, error);
  }
}
