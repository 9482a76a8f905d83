// The security every route owes, checked the same way for each: a route file
// calls describeRouteSecurity() once inside its describe('security') and gets
// 401 without or with a wrong credential, 429 once the failed-auth budget
// (server/rate-limit.ts) is spent, and no secret-shaped string or admin token
// in any answer body or the server log. Each check first proves its request
// is a real one (the valid call succeeds), so a 401 can't come from a typo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSecret, SECRET_IN_TEXT } from '../../../lib/shared/contract/secret';
import { DEFAULT_RATE_LIMIT } from '../../../server/rate-limit';
import { ManualClock, expectError, listAll, startTestServer, type TestServer } from '../helpers';

/** Any key secret: wbk_ + 38 base62 characters (lib/shared/contract/secret.ts). */
/** An admin token that is well-formed and wrong; must be echoed nowhere either. */
const WRONG_ADMIN_TOKEN = 'wbadm_wrong_wrong_wrong_wrong_wrong_wrong';

interface RouteRequest {
  method: string;
  path: string;
  json?: unknown;
  /** The valid credential; the admin token when absent. */
  token?: string;
}

export interface RouteUnderTest {
  /** admin: an admin token (401 unauthorized); key: a key secret (401 key_invalid); none: public. */
  auth: 'admin' | 'key' | 'none';
  /** A valid request, built fresh each time (it may create the keys it needs). */
  request: (server: TestServer) => Promise<RouteRequest>;
  /** What the valid request answers. */
  okStatus: number;
}

/** Wrong credentials for the route's kind; each is well-formed enough to reach the lookup. */
async function wrongCredentials(route: RouteUnderTest, server: TestServer): Promise<Array<[string, Record<string, string>]>> {
  if (route.auth === 'admin') {
    const { secret } = await server.createKey('a key is not an admin token');
    return [
      ['wrong admin token', { authorization: `Bearer ${WRONG_ADMIN_TOKEN}` }],
      ['basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['empty bearer', { authorization: 'Bearer ' }],
      ['a valid key secret', { authorization: `Bearer ${secret}` }],
    ];
  }
  return [
    ['unknown key secret', { authorization: `Bearer ${generateSecret()}` }],
    ['malformed key', { authorization: 'Bearer wbk_short' }],
    ['the admin token', { authorization: `Bearer ${server.adminToken}` }],
  ];
}

const refusal = (route: RouteUnderTest) => (route.auth === 'admin' ? 'unauthorized' : 'key_invalid');

export function describeRouteSecurity(route: RouteUnderTest): void {
  const clock = new ManualClock();
  let server: TestServer;
  /** Every body this server answered, for the no-secret check at the end. */
  const bodies: string[] = [];
  /** Secrets the valid calls legitimately got back in the `secret` field (create and replace). */
  const issued: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  async function call(r: RouteRequest, headers: Record<string, string> | 'valid'): Promise<Response> {
    const res = await server.req(r.method, r.path, {
      json: r.json,
      token: headers === 'valid' ? (r.token ?? server.adminToken) : null,
      headers: headers === 'valid' ? {} : headers,
    });
    const text = await res.text();
    // Only the one field that hands out a new secret may hold one.
    try {
      const parsed = JSON.parse(text) as { secret?: unknown };
      if (typeof parsed.secret === 'string') issued.push(parsed.secret);
    } catch {
      // not JSON (204, HEAD): nothing to collect
    }
    bodies.push(text);
    return new Response(text || null, { status: res.status, headers: res.headers });
  }

  it('the valid request succeeds (so the refusals below are about the credential)', async () => {
    const res = await call(await route.request(server), 'valid');
    expect(res.status).toBe(route.okStatus);
  });

  if (route.auth === 'none') {
    it('needs no credential, and ignores a wrong one', async () => {
      const r = await route.request(server);
      expect((await call(r, {})).status).toBe(route.okStatus);
      expect((await call(r, { authorization: `Bearer ${WRONG_ADMIN_TOKEN}` })).status).toBe(route.okStatus);
    });
  } else {
    it('401 without a credential, with the Bearer challenge, changing nothing', async () => {
      const r = await route.request(server);
      const before = await listAll(server);
      const res = await call(r, {});
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      await expectError(res, 401, refusal(route));
      expect(await listAll(server)).toEqual(before);
    });

    it('401 with a wrong credential, changing nothing', async () => {
      for (const [label, headers] of await wrongCredentials(route, server)) {
        const r = await route.request(server);
        const before = await listAll(server);
        const res = await call(r, headers);
        expect(res.headers.get('www-authenticate'), label).toContain('Bearer');
        expect(res.status, label).toBe(401);
        await expectError(res, 401, refusal(route));
        expect(await listAll(server), label).toEqual(before);
      }
    });
  }

  it(`429 with Retry-After once ${DEFAULT_RATE_LIMIT.maxFailures} different wrong credentials come from one address, while a credential that worked from there keeps working`, async () => {
    // A server of its own: the budget is per address and every request here comes from 127.0.0.1.
    const limitClock = new ManualClock();
    const limited = await startTestServer({ clock: limitClock.read });
    try {
      let n = 0;
      const freshWrong = () => (route.auth === 'key' ? `Bearer ${generateSecret()}` : `Bearer ${WRONG_ADMIN_TOKEN}_${++n}`);
      const r = await route.request(limited);
      const send = (headers: Record<string, string> | 'valid') =>
        limited.req(r.method, r.path, {
          json: r.json,
          token: headers === 'valid' ? (r.token ?? limited.adminToken) : null,
          headers: headers === 'valid' ? {} : headers,
        });
      // The admin (or the service) worked from this address before the guessing started.
      if (route.auth !== 'none') expect((await send('valid')).status).toBe(route.okStatus);
      const again = await route.request(limited);
      // Spend the address's budget with distinct guesses (a public route's own calls never count, so an admin route spends it).
      for (let i = 0; i < DEFAULT_RATE_LIMIT.maxFailures; i++) {
        const res =
          route.auth === 'none'
            ? await limited.req('GET', '/v1/keys', { token: `${WRONG_ADMIN_TOKEN}_${++n}` })
            : await send({ authorization: freshWrong() });
        expect(res.status).toBe(401);
      }
      if (route.auth === 'none') {
        // Public routes stay open to a blocked address.
        expect((await send({})).status).toBe(route.okStatus);
        expect((await limited.req('GET', '/v1/keys', { token: `${WRONG_ADMIN_TOKEN}_${++n}` })).status).toBe(429);
        return;
      }
      const blocked = await send({ authorization: freshWrong() });
      expect(blocked.headers.get('retry-after')).toBe(String(DEFAULT_RATE_LIMIT.windowMs / 1000));
      await expectError(blocked, 429, 'rate_limited');
      // Others' guesses never lock out a credential that already worked from here.
      const trusted = await limited.req(again.method, again.path, { json: again.json, token: r.token ?? limited.adminToken });
      expect(trusted.status).toBe(route.okStatus);
      limitClock.advance(DEFAULT_RATE_LIMIT.windowMs);
      expect((await send({ authorization: freshWrong() })).status).toBe(401);
    } finally {
      await limited.dispose();
    }
  });

  it('no secret-shaped string or admin token in any answer body or in the server log', async () => {
    // One more of each kind, so this holds even when run alone.
    const r = await route.request(server);
    await call(r, 'valid');
    await call(r, { authorization: `Bearer ${WRONG_ADMIN_TOKEN}` });
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      const shaped = body.match(new RegExp(SECRET_IN_TEXT, 'g')) ?? [];
      // The issued secret appears once, in its own field; nothing else secret-shaped.
      for (const s of shaped) expect(issued).toContain(s);
      for (const s of issued) expect(body.split(s).length).toBeLessThanOrEqual(2);
      expect(body).not.toContain(server.adminToken);
      expect(body).not.toContain(WRONG_ADMIN_TOKEN);
    }
    const log = server.logs.join('\n');
    expect(server.logs.length).toBeGreaterThan(1);
    expect(log).not.toMatch(SECRET_IN_TEXT);
    expect(log).not.toContain(server.adminToken);
    expect(log).not.toContain(WRONG_ADMIN_TOKEN);
  });
}
