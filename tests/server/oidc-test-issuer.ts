// A minimal OpenID issuer for the server's token tests: a real node:http
// server on loopback serving the discovery document and a JWKS, with real
// keys from jose. It signs whatever a test asks (including bad tokens), and
// can publish a new key mid-test (rotation) or go down.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface TestIssuer {
  issuer: string;
  /** How many times the JWKS was fetched. */
  jwksFetches: () => number;
  /** The key tokens are signed with by default (published). */
  key: SigningKey;
  newKey(kid: string, alg?: string): Promise<SigningKey>;
  publish(key: SigningKey): Promise<void>;
  /** Publish any JWK as is (e.g. a symmetric one a misconfigured provider leaks). */
  publishJwk(jwk: JWK): void;
  /** A JWT with sensible defaults (iss, aud, iat, exp in 5 min, email, name), overridable per claim; undefined removes one. */
  sign(claims?: Record<string, unknown>, options?: { key?: SigningKey; header?: Record<string, unknown> }): Promise<string>;
  /** Answer 503 to everything from now on (false: back up). */
  down(isDown: boolean): void;
  close(): Promise<void>;
}

export const CLIENT_ID = 'workbase-extension';

export async function startTestIssuer(): Promise<TestIssuer> {
  const published: JWK[] = [];
  let fetches = 0;
  let isDown = false;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (isDown) {
      res.writeHead(503).end();
      return;
    }
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const newKey = async (kid: string, alg = 'RS256'): Promise<SigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    return { kid, alg, privateKey, publicKey };
  };
  const publish = async (k: SigningKey) => {
    published.push({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: k.alg, use: 'sig' });
  };
  const key = await newKey('key-1');
  await publish(key);

  return {
    issuer,
    jwksFetches: () => fetches,
    key,
    newKey,
    publish,
    publishJwk: (jwk) => void published.push(jwk),
    async sign(claims = {}, options = {}) {
      const k = options.key ?? key;
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        aud: CLIENT_ID,
        sub: 'user-1',
        iat: now,
        exp: now + 300,
        email: 'alice@example.com',
        name: 'Alice Admin',
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload).setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT', ...options.header }).sign(k.privateKey);
    },
    down(value) {
      isDown = value;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
