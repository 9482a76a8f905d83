// Real tokens from a real, certified OpenID provider (node-oidc-provider,
// testkit/oidc-provider.ts): signed in through its own login and consent
// pages over HTTP, then used on the key API as an extension would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminIdentity } from '../../lib/shared/contract/auth';
import { CreateKeyResponse } from '../../lib/shared/contract/schemas';
import { ACCOUNTS, TEST_CLIENT_ID, TEST_SCOPES, startOidcProvider, type RunningProvider } from '../../testkit/oidc-provider';
import { addSsoAdmin } from './auth-support';
import { expectError, startTestServer, type TestServer } from './helpers';

describe('SSO with real tokens from oidc-provider', () => {
  let provider: RunningProvider;
  let server: TestServer;
  beforeAll(async () => {
    provider = await startOidcProvider();
    server = await startTestServer({ oidc: { issuer: provider.issuer, clientId: TEST_CLIENT_ID, scopes: TEST_SCOPES } });
    addSsoAdmin(server, ACCOUNTS.alice.email, 'admin');
    addSsoAdmin(server, ACCOUNTS.victor.email, 'viewer');
  });
  afterAll(async () => {
    await server.dispose();
    await provider.stop();
  });

  it('an admin signs in, is named from the access token, and their key says who made it', async () => {
    const tokens = await provider.signIn(ACCOUNTS.alice.login);
    const token = tokens.access_token;
    const me = AdminIdentity.parse(await (await server.req('POST', '/v1/auth/sign-in', { token })).json());
    expect(me).toMatchObject({ name: ACCOUNTS.alice.name, email: ACCOUNTS.alice.email, role: 'admin', method: 'sso' });
    const made = await server.req('POST', '/v1/keys', { json: { name: 'by real sso', expiresAt: null }, token });
    expect(made.status).toBe(201);
    expect(CreateKeyResponse.parse(await made.json()).key.createdBy).toEqual({ id: me.id, name: ACCOUNTS.alice.name });
  });

  it('a viewer may read but not write; a person the key API does not know is told who they are signed in as', async () => {
    const viewer = (await provider.signIn(ACCOUNTS.victor.login)).access_token;
    expect((await server.req('GET', '/v1/keys', { token: viewer })).status).toBe(200);
    await expectError(await server.req('POST', '/v1/keys', { json: { name: 'no', expiresAt: null }, token: viewer }), 403, 'forbidden');
    const stranger = (await provider.signIn(ACCOUNTS.mallory.login)).access_token;
    const error = await expectError(await server.req('GET', '/v1/keys', { token: stranger }), 403, 'not_an_admin');
    expect(error.message).toBe(`Signed in as ${ACCOUNTS.mallory.email}, who is not an admin of this key API.`);
  });

  it('a refreshed access token works; the server does not need the refresh token', async () => {
    const first = await provider.signIn(ACCOUNTS.alice.login);
    expect(first.refresh_token).toBeDefined();
    const res = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: TEST_CLIENT_ID }),
    });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { access_token: string };
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect((await server.req('GET', '/v1/keys', { token: refreshed.access_token })).status).toBe(200);
  });
});
