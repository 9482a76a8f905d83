// The SSO session as the API client's credential: refreshed before expiry,
// one refresh at a time, renewed once on 401 token_expired, forgotten when the
// provider ends it. Real provider on loopback; the connection store over
// in-memory storage areas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../lib/shared/errors';
import { createApiClient, type CredentialSource, type FetchLike } from '../../../../lib/worker/api-client';
import { createSsoRefresher } from '../../../../lib/worker/auth/sso-credential';
import { signInWithSso } from '../../../../lib/worker/auth/sign-in-flow';
import { createConnectionStore, type StorageAreaLike } from '../../../../lib/worker/stores/connection-store';
import { followSignIn, startOidcProvider, TEST_SCOPES, type RunningProvider } from '../../../../testkit/oidc-provider';

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startOidcProvider({ accessTokenTtl: 60 });
});
afterAll(() => provider.stop());

/** The connection these sessions belong to. */
const ID = 'c1';

function memoryArea(): StorageAreaLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (keys) =>
      Promise.resolve(
        Object.fromEntries(
          (keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys]).filter((k) => data.has(k)).map((k) => [k, data.get(k)]),
        ),
      ),
    set: (items) => Promise.resolve(void Object.entries(items).forEach(([k, v]) => data.set(k, v))),
    remove: (keys) => Promise.resolve(void (Array.isArray(keys) ? keys : [keys]).forEach((k) => data.delete(k))),
  };
}

async function signedIn(login: string, clock: { now: number }) {
  const session = await signInWithSso({
    issuer: provider.issuer,
    clientId: provider.clientId,
    scopes: TEST_SCOPES,
    flow: { redirectUrl: () => provider.redirectUri, launch: (url) => followSignIn(url, login, provider.redirectUri) },
    now: () => clock.now,
  });
  const areas = { local: memoryArea(), session: memoryArea() };
  const connection = createConnectionStore(areas);
  await connection.saveConnection(ID, {
    name: 'Acme',
    apiUrl: 'https://keys.example.com',
    colour: 'blue',
    production: false,
    signIn: 'sso',
    remember: false,
  });
  await connection.saveCredential(ID, { kind: 'sso', session }, false);
  const refresher = createSsoRefresher({ connection, now: () => clock.now });
  return { session, connection, areas, source: refresher.source(ID, session) };
}

describe('SSO credential', () => {
  it('sends the access token as is until it is due, then refreshes once for concurrent requests and stores the result', async () => {
    const clock = { now: Date.now() };
    const { session, connection, source } = await signedIn('alice', clock);
    const count = provider.refreshCount();
    expect(await source.current()).toBe(session.accessToken);
    expect(provider.refreshCount()).toBe(count);

    clock.now = session.expiresAt - 10_000; // within the 30 s margin of a 60 s token
    const [a, b, c] = await Promise.all([source.current(), source.current(), source.current()]);
    expect(provider.refreshCount()).toBe(count + 1);
    expect(a).not.toBe(session.accessToken);
    expect(new Set([a, b, c]).size).toBe(1);
    const saved = await connection.load();
    expect(saved.state === 'ok' && saved.credential?.kind === 'sso' && saved.credential.session.accessToken).toBe(a);
  });

  it('a request holding the pre-refresh session uses the stored result instead of the rotated-out refresh token', async () => {
    const clock = { now: Date.now() };
    const { session, connection } = await signedIn('alice', clock);
    const refresher = createSsoRefresher({ connection, now: () => clock.now });
    // Two requests that each read the session before either refreshed.
    const first = refresher.source(ID, session);
    const second = refresher.source(ID, session);
    clock.now = session.expiresAt - 10_000;
    const count = provider.refreshCount();
    const a = await first.current();
    const b = await second.current();
    expect(b).toBe(a);
    expect(provider.refreshCount()).toBe(count + 1);
    // The grant is intact: the stored refresh token still works.
    clock.now += 60_000;
    expect(await second.current()).not.toBe(a);
  });

  it('forgets the session (keeping the API URL) when the provider refuses the refresh', async () => {
    const clock = { now: Date.now() };
    const { session, connection, areas, source } = await signedIn('victor', clock);
    provider.revoke('victor');
    clock.now = session.expiresAt + 1;
    const error = await source.current().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiFailure);
    expect((error as ApiFailure).info.code).toBe('signed_out');
    expect(await connection.load()).toMatchObject({ state: 'ok', apiUrl: 'https://keys.example.com', method: 'sso', credential: null });
    expect([...areas.session.data.keys(), ...areas.local.data.keys()].join()).not.toMatch(/sso|token/);
  });
});

describe('api client with an SSO credential', () => {
  const expired = () =>
    new Response(JSON.stringify({ error: { code: 'token_expired', message: 'The access token expired.' } }), {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
    });
  const page = () => new Response(JSON.stringify({ keys: [], nextCursor: null }), { status: 200, headers: { 'Content-Type': 'application/json' } });

  function stubSource(): CredentialSource & { renewed: number; rejectedCount: number } {
    const s = {
      kind: 'sso' as const,
      renewed: 0,
      rejectedCount: 0,
      current: () => Promise.resolve('old-access'),
      renew: () => {
        s.renewed++;
        return Promise.resolve(`new-access-${s.renewed}`);
      },
      rejected: () => {
        s.rejectedCount++;
        return Promise.resolve();
      },
    };
    return s;
  }

  it('renews once on 401 token_expired and retries with the new token', async () => {
    const sent: string[] = [];
    const fetch: FetchLike = (_url, init) => {
      const auth = (init.headers as Record<string, string>).Authorization!;
      sent.push(auth);
      return Promise.resolve(auth === 'Bearer old-access' ? expired() : page());
    };
    const source = stubSource();
    await createApiClient({ apiUrl: 'https://keys.example.com', credential: source, fetch }).listKeys();
    expect(sent).toEqual(['Bearer old-access', 'Bearer new-access-1']);
    expect(source.renewed).toBe(1);
  });

  it('renews only once: a second token_expired is "Signed out — sign in again."', async () => {
    const source = stubSource();
    const error = await createApiClient({ apiUrl: 'https://keys.example.com', credential: source, fetch: () => Promise.resolve(expired()) })
      .listKeys()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(source.renewed).toBe(1);
    expect((error as ApiFailure).info.code).toBe('signed_out');
    expect((error as ApiFailure).message).toMatch(/^Signed out — sign in again\./);
  });

  it('forgets the credential when the key API refuses it for another reason (no refresh)', async () => {
    const source = stubSource();
    const refused = new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Unknown issuer.' } }), { status: 401 });
    const error = await createApiClient({ apiUrl: 'https://keys.example.com', credential: source, fetch: () => Promise.resolve(refused) })
      .listKeys()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(source.renewed).toBe(0);
    expect(source.rejectedCount).toBe(1);
    expect((error as ApiFailure).info.code).toBe('signed_out');
  });
});
