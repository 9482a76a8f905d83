// GET /v1/auth/config: how this key API lets admins sign in (no credential).
import { AuthConfig } from '../../shared/contract/auth';
import { ApiFailure } from '../../shared/errors';
import type { FetchLike } from '../api-client';

const TIMEOUT_MS = 10_000;

export async function fetchAuthConfig(apiUrl: string, doFetch: FetchLike): Promise<AuthConfig> {
  const origin = new URL(apiUrl).origin;
  let response: Response;
  try {
    response = await doFetch(`${apiUrl}/v1/auth/config`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiFailure('unreachable', `Can't reach the key API at ${origin}. Is it running? (It must not redirect.)`);
  }
  // A key API from before sign-in methods existed: admin tokens only.
  if (response.status === 404) return { methods: ['token'] };
  if (!response.ok) throw new ApiFailure('server_error', `The key API at ${origin} could not say how to sign in (HTTP ${response.status}).`);
  const parsed = AuthConfig.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new ApiFailure('bad_response', `The key API at ${origin} described its sign-in methods in a form the extension doesn't understand.`);
  if (parsed.data.methods.includes('sso') && !parsed.data.sso) {
    throw new ApiFailure('bad_response', `The key API at ${origin} offers SSO but does not name the identity provider.`);
  }
  return parsed.data;
}
