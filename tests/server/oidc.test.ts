// SSO access tokens on the admin routes, checked for real: the server
// fetches the issuer's discovery document and JWKS over HTTP on loopback
// (oidc-test-issuer.ts) and validates with jose. Each bad token gets a 401
// whose code and message name the failed check; none is accepted.
import { SignJWT, exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_S } from '../../server/oidc';
import { expectError, startTestServer, type TestServer } from './helpers';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from './oidc-test-issuer';
import { addSsoAdmin } from './auth-support';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

interface Row {
  name: string;
  token: (i: TestIssuer) => Promise<string>;
  status: number;
  code?: string;
  /** Part of the message that names the failed check. */
  says?: RegExp;
}

const TABLE: Row[] = [
  { name: 'valid RS256', token: (i) => i.sign(), status: 200 },
  {
    name: 'valid ES256 (another asymmetric algorithm)',
    token: async (i) => i.sign({}, { key: await publishedKey(i, 'es-key', 'ES256') }),
    status: 200,
  },
  { name: 'aud as an array containing the audience', token: (i) => i.sign({ aud: ['other-api', CLIENT_ID] }), status: 200 },
  { name: 'another issuer', token: (i) => i.sign({ iss: 'https://login.evil.example' }), status: 401, code: 'unauthorized', says: /another issuer/ },
  { name: 'another audience', token: (i) => i.sign({ aud: 'some-other-api' }), status: 401, code: 'unauthorized', says: /another audience/ },
  { name: 'expired (2 min ago)', token: (i) => i.sign({ exp: now() - 120 }), status: 401, code: 'token_expired', says: /expired/ },
  { name: 'not yet valid (nbf in 2 min)', token: (i) => i.sign({ nbf: now() + 120 }), status: 401, code: 'unauthorized', says: /not valid yet/ },
  {
    name: `expired ${CLOCK_TOLERANCE_S / 2} s ago: within the clock skew, accepted`,
    token: (i) => i.sign({ exp: now() - CLOCK_TOLERANCE_S / 2 }),
    status: 200,
  },
  {
    name: `nbf ${CLOCK_TOLERANCE_S / 2} s ahead: within the clock skew, accepted`,
    token: (i) => i.sign({ nbf: now() + CLOCK_TOLERANCE_S / 2 }),
    status: 200,
  },
  {
    name: `expired ${CLOCK_TOLERANCE_S + 15} s ago: beyond the skew`,
    token: (i) => i.sign({ exp: now() - CLOCK_TOLERANCE_S - 15 }),
    status: 401,
    code: 'token_expired',
  },
  {
    name: `nbf ${CLOCK_TOLERANCE_S + 15} s ahead: beyond the skew`,
    token: (i) => i.sign({ nbf: now() + CLOCK_TOLERANCE_S + 15 }),
    status: 401,
    code: 'unauthorized',
    says: /not valid yet/,
  },
  {
    name: 'unsigned (alg none)',
    token: async (i) =>
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: i.issuer, aud: CLIENT_ID, exp: now() + 300, email: 'alice@example.com' })}.`,
    status: 401,
    code: 'unauthorized',
    says: /algorithm/,
  },
  {
    name: 'HS256 signed with the public key as the HMAC secret',
    token: async (i) =>
      new SignJWT({ email: 'alice@example.com', name: 'Mallory' })
        .setProtectedHeader({ alg: 'HS256', kid: i.key.kid })
        .setIssuer(i.issuer)
        .setAudience(CLIENT_ID)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(await exportSPKI(i.key.publicKey))),
    status: 401,
    code: 'unauthorized',
    says: /algorithm/,
  },
  {
    // Refused twice over: jose's JWKS never yields a symmetric key, and the allow-list has no HS*.
    name: 'HS256 with a symmetric key the JWKS itself publishes',
    token: async (i) => {
      const secret = new Uint8Array(32).fill(7);
      i.publishJwk({ kty: 'oct', kid: 'leaked-oct', alg: 'HS256', k: Buffer.from(secret).toString('base64url') });
      return new SignJWT({ email: 'alice@example.com' })
        .setProtectedHeader({ alg: 'HS256', kid: 'leaked-oct' })
        .setIssuer(i.issuer)
        .setAudience(CLIENT_ID)
        .setExpirationTime('5m')
        .sign(secret);
    },
    status: 401,
    code: 'unauthorized',
    says: /algorithm/,
  },
  {
    name: 'signed with a wrong key under the published kid',
    token: async (i) => i.sign({}, { key: { ...(await i.newKey('unused')), kid: i.key.kid } }),
    status: 401,
    code: 'unauthorized',
    says: /signature/,
  },
  {
    name: 'signed with a key the issuer never published',
    token: async (i) => i.sign({}, { key: await i.newKey('never-published') }),
    status: 401,
    code: 'unauthorized',
    says: /unknown kid/,
  },
  { name: 'no exp', token: (i) => i.sign({ exp: undefined }), status: 401, code: 'unauthorized', says: /"exp"/ },
  { name: 'no email claim', token: (i) => i.sign({ email: undefined }), status: 401, code: 'unauthorized', says: /email/ },
  { name: 'payload tampered after signing', token: async (i) => tamper(await i.sign()), status: 401, code: 'unauthorized', says: /signature/ },
];

/** Same header and signature, the email swapped for someone else's. */
function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  return `${h}.${b64({ ...payload, email: 'bob@example.com' })}.${s}`;
}

const extraKeys = new Map<string, Promise<Awaited<ReturnType<TestIssuer['newKey']>>>>();
function publishedKey(i: TestIssuer, kid: string, alg: string) {
  let k = extraKeys.get(kid);
  if (!k) {
    k = i.newKey(kid, alg).then(async (key) => {
      await i.publish(key);
      return key;
    });
    extraKeys.set(kid, k);
  }
  return k;
}

describe('SSO access-token validation', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  const tokens: string[] = [];
  beforeAll(async () => {
    issuer = await startTestIssuer();
    // Cooldown 0 so the rotation test needs no 30 s wait; the lockout has room for the whole table.
    server = await startTestServer({
      oidc: { issuer: issuer.issuer, clientId: CLIENT_ID, jwksCooldownMs: 0 },
      rateLimit: { maxFailures: 1000 },
    });
    addSsoAdmin(server, 'alice@example.com', 'admin');
  });
  afterAll(async () => {
    await server.dispose();
    await issuer.close();
  });

  for (const row of TABLE) {
    it(`${row.name} → ${row.status}${row.code ? ` ${row.code}` : ''}`, async () => {
      const token = await row.token(issuer);
      tokens.push(token);
      const res = await server.req('GET', '/v1/keys', { token });
      if (row.status === 200) {
        expect(res.status, await res.clone().text()).toBe(200);
        return;
      }
      const error = await expectError(res, row.status, row.code!);
      if (row.says) expect(error.message).toMatch(row.says);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="workbase", error="invalid_token"/);
    });
  }

  it('a key rotation: a token with a kid first published after the JWKS was cached is accepted (refetched)', async () => {
    expect((await server.req('GET', '/v1/keys', { token: await issuer.sign() })).status).toBe(200);
    const fetchesBefore = issuer.jwksFetches();
    const rotated = await issuer.newKey('key-2');
    await expectError(await server.req('GET', '/v1/keys', { token: await issuer.sign({}, { key: rotated }) }), 401, 'unauthorized');
    await issuer.publish(rotated);
    const res = await server.req('GET', '/v1/keys', { token: await issuer.sign({}, { key: rotated }) });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(issuer.jwksFetches()).toBeGreaterThan(fetchesBefore);
  });

  it('the JWKS is cached: many valid requests, no refetch', async () => {
    const token = await issuer.sign();
    expect((await server.req('GET', '/v1/keys', { token })).status).toBe(200);
    const fetches = issuer.jwksFetches();
    for (let n = 0; n < 20; n++) expect((await server.req('GET', '/v1/keys', { token })).status).toBe(200);
    expect(issuer.jwksFetches()).toBe(fetches);
  });

  it('no token material in the request log or the audit log', async () => {
    const audit = JSON.stringify(await (await server.req('GET', '/v1/audit?limit=500')).json());
    for (const token of tokens) {
      for (const part of token.split('.').filter((p) => p.length > 20)) {
        expect(server.logs.join('\n')).not.toContain(part);
        expect(audit).not.toContain(part);
      }
    }
  });
});

describe('SSO: failures count toward the lockout; the provider being down is not the token', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    server = await startTestServer({
      oidc: { issuer: issuer.issuer, clientId: CLIENT_ID, jwksCooldownMs: 0 },
      rateLimit: { maxFailures: 50, maxFailuresPerCredential: 2 },
    });
    addSsoAdmin(server, 'alice@example.com', 'admin');
  });
  afterAll(async () => {
    await server.dispose();
    await issuer.close();
  });

  it('provider down before discovery: 503 provider_unavailable (no lockout), then works once it is back', async () => {
    issuer.down(true);
    const token = await issuer.sign();
    for (let n = 0; n < 4; n++) await expectError(await server.req('GET', '/v1/keys', { token }), 503, 'provider_unavailable');
    issuer.down(false);
    expect((await server.req('GET', '/v1/keys', { token })).status).toBe(200);
  });

  it('the same bad JWT is locked out after maxFailuresPerCredential like a bad admin token', async () => {
    const bad = await issuer.sign({ aud: 'not-us' });
    await expectError(await server.req('GET', '/v1/keys', { token: bad }), 401, 'unauthorized');
    await expectError(await server.req('GET', '/v1/keys', { token: bad }), 401, 'unauthorized');
    await expectError(await server.req('GET', '/v1/keys', { token: bad }), 429, 'rate_limited');
  });
});
