// Token revocation (RFC 7009) of the refresh token at sign-out, so a copy of
// it (a remembered session on disk, a backup) stops working too.
import * as oauth from 'oauth4webapi';
import type { FetchLike } from '../api-client';
import { discoverProvider } from './provider';
import type { SsoSession } from './sso-session';

export async function revokeRefreshToken(session: SsoSession, doFetch?: FetchLike): Promise<void> {
  if (!session.refreshToken) return;
  const provider = await discoverProvider(session.issuer, session.clientId, doFetch);
  if (!provider.as.revocation_endpoint) return;
  const response = await oauth.revocationRequest(provider.as, provider.client, oauth.None(), session.refreshToken, {
    ...provider.options,
    signal: provider.options.signal?.(),
  });
  await oauth.processRevocationResponse(response);
}
