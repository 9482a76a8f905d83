// The OpenID provider, as oauth4webapi sees it: its discovery document and our
// public client. Plain http is allowed for a loopback issuer only (the test
// provider, a local Keycloak); anything else must be https.
import * as oauth from 'oauth4webapi';
import { ApiFailure } from '../../shared/errors';
import { isLoopbackHost } from '../../shared/settings/url';
import type { FetchLike } from '../api-client';

export interface Provider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  /** Options for every oauth4webapi request to this provider. */
  options: { [oauth.customFetch]?: typeof fetch; [oauth.allowInsecureRequests]?: boolean; signal?: () => AbortSignal };
  host: string;
}

const TIMEOUT_MS = 10_000;

export function providerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return 'the identity provider';
  }
}

export async function discoverProvider(issuer: string, clientId: string, doFetch?: FetchLike): Promise<Provider> {
  const url = new URL(issuer);
  const host = url.host;
  const insecure = url.protocol === 'http:';
  if (insecure && !isLoopbackHost(url.hostname)) {
    throw new ApiFailure('sign_in_failed', `The identity provider ${host} must use https.`);
  }
  const options: Provider['options'] = {
    ...(doFetch && { [oauth.customFetch]: doFetch as typeof fetch }),
    ...(insecure && { [oauth.allowInsecureRequests]: true }),
    signal: () => AbortSignal.timeout(TIMEOUT_MS),
  };
  let as: oauth.AuthorizationServer;
  try {
    const response = await oauth.discoveryRequest(url, { ...options, signal: options.signal?.(), algorithm: 'oidc' });
    as = await oauth.processDiscoveryResponse(url, response);
  } catch (error) {
    throw providerFailure(host, error);
  }
  return { as, client: { client_id: clientId }, options, host };
}

/** Any failure talking to the provider as a message: down, or answering something that isn't an OpenID provider. */
export function providerFailure(host: string, error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof TypeError || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return new ApiFailure('sign_in_failed', `Can't reach the identity provider at ${host}. Is it up? Try again later.`);
  }
  return new ApiFailure('sign_in_failed', `The identity provider at ${host} answered in a way the extension can't use, so sign-in stopped.`);
}
