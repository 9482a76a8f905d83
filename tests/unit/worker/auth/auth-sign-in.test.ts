// The worker's sign-in and refresh against a real OpenID provider
// (node-oidc-provider on loopback); only the browser window is replaced, by
// followSignIn, which fills the provider's pages over HTTP like a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../lib/shared/errors';
import { CANCELLED_MESSAGE, signInWithSso } from '../../../../lib/worker/auth/sign-in-flow';
import { refreshSession, SIGNED_OUT_MESSAGE } from '../../../../lib/worker/auth/refresh';
import type { WebAuthFlow } from '../../../../lib/worker/auth/web-auth-flow';
import { followSignIn, startOidcProvider, TEST_SCOPES, type RunningProvider } from '../../../../testkit/oidc-provider';

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startOidcProvider({ accessTokenTtl: 60 });
});
afterAll(() => provider.stop());

function flowAs(login: string, tamper: (redirected: URL) => void = () => {}): WebAuthFlow & { urls: URL[] } {
  const urls: URL[] = [];
  return {
    urls,
    redirectUrl: () => provider.redirectUri,
    async launch(url) {
      urls.push(new URL(url));
      const redirected = new URL(await followSignIn(url, login, provider.redirectUri));
      tamper(redirected);
      return redirected.toString();
    },
  };
}

const input = (flow: WebAuthFlow, issuer = provider.issuer) => ({
  issuer,
  clientId: provider.clientId,
  scopes: TEST_SCOPES,
  flow,
  now: () => Date.now(),
});

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiFailure);
  return error as ApiFailure;
}

describe('signInWithSso', () => {
  it('signs in with code + PKCE S256, state and nonce, and knows the person from the ID token', async () => {
    const flow = flowAs('alice');
    const before = Date.now();
    const session = await signInWithSso(input(flow));
    const asked = flow.urls[0]!.searchParams;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('state')).toBeTruthy();
    expect(asked.get('nonce')).toBeTruthy();
    expect(asked.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    expect(session.person).toEqual({ sub: 'alice', email: 'alice@example.com', name: 'Alice Admin' });
    expect(session.refreshToken).toBeTruthy();
    expect(session.receivedAt).toBeGreaterThanOrEqual(before);
    expect(session.expiresAt - session.receivedAt).toBe(60_000); // the provider's 60 s, by our clock
  });

  it('refuses an answer whose state is not this sign-in’s', async () => {
    const flow = flowAs('alice', (u) => u.searchParams.set('state', 'someone-elses'));
    const error = await failure(signInWithSso(input(flow)));
    expect(error.info).toMatchObject({ code: 'sign_in_failed' });
    expect(error.message).toMatch(/state mismatch/);
  });

  it('says the sign-in was cancelled when the window is closed', async () => {
    const closed: WebAuthFlow = {
      redirectUrl: () => provider.redirectUri,
      launch: () => Promise.reject(new Error('The user did not approve access.')),
    };
    expect((await failure(signInWithSso(input(closed)))).message).toBe(CANCELLED_MESSAGE);
  });

  it('says the provider is unreachable when it is down, before opening any window', async () => {
    const down = await startOidcProvider();
    await down.stop();
    const flow = flowAs('alice');
    const error = await failure(signInWithSso(input(flow, down.issuer)));
    expect(error.message).toMatch(/Can't reach the identity provider at 127\.0\.0\.1:\d+/);
    expect(flow.urls).toEqual([]);
  });

  it('refuses a plain-http provider that is not on loopback', async () => {
    const error = await failure(signInWithSso(input(flowAs('alice'), 'http://idp.example.com')));
    expect(error.message).toMatch(/must use https/);
  });
});

describe('refreshSession', () => {
  it('gets a new access token (and the rotated refresh token), keeping the person', async () => {
    const session = await signInWithSso(input(flowAs('alice')));
    const count = provider.refreshCount();
    const next = await refreshSession(session, () => Date.now());
    expect(provider.refreshCount()).toBe(count + 1);
    expect(next.accessToken).not.toBe(session.accessToken);
    expect(next.refreshToken).toBeTruthy();
    expect(next.person).toEqual(session.person);
  });

  it('is signed_out when the provider revoked the session', async () => {
    const session = await signInWithSso(input(flowAs('victor')));
    provider.revoke('victor');
    const error = await failure(refreshSession(session, () => Date.now()));
    expect(error.info).toEqual({ code: 'signed_out', message: SIGNED_OUT_MESSAGE });
  });

  it('keeps no token in any error message', async () => {
    const session = await signInWithSso(input(flowAs('alice')));
    provider.revoke('alice');
    const error = await failure(refreshSession(session, () => Date.now()));
    for (const token of [session.accessToken, session.refreshToken!]) expect(JSON.stringify(error.info)).not.toContain(token);
  });
});
