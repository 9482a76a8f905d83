// Property-based: whatever arrives, the server answers with a 4xx envelope
// (never 5xx, never a bare error) and the database stays exactly as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, BODY_MAX_BYTES, IDEMPOTENCY_HEADER } from '../../lib/shared/contract/schemas';
import { CreateKeyRequest, RenameKeyRequest, ReplaceKeyRequest } from '../../lib/shared/contract/requests';
import { generateSecret } from '../../lib/shared/contract/secret';
import { ManualClock, T0, startTestServer, type TestServer } from './helpers';

const RUNS = 200;

describe('fuzzed requests', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let keyId: string;
  let keySecret: string;
  let snapshot: string;

  const state = async () => {
    const res = await server.req('GET', '/v1/keys?limit=500');
    return JSON.stringify(await res.json());
  };

  beforeAll(async () => {
    // Failures must not turn into 429s, or most runs would test only the limiter.
    server = await startTestServer({ clock: clock.read, rateLimit: { maxFailures: 1e9 } });
    for (let i = 0; i < 3; i++) await server.createKey(`seed ${i}`, i ? new Date(T0 + i * 86_400_000).toISOString() : null);
    const created = await server.createKey('fuzz target');
    keyId = created.key.id;
    keySecret = created.secret;
    snapshot = await state();
  });

  afterAll(async () => {
    expect(await state()).toBe(snapshot);
    await server.dispose();
  });

  // Methods Node's HTTP parser knows (unknown ones are refused before the app runs).
  // Weighted towards requests that get past the first checks (known path,
  // admin token, JSON content type), so the deeper guards are reached too.
  const method = fc.oneof(
    { arbitrary: fc.constantFrom('GET', 'POST', 'PATCH'), weight: 4 },
    { arbitrary: fc.constantFrom('HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND', 'PURGE', 'MKCOL'), weight: 2 },
  );
  const path = fc.oneof(
    { arbitrary: fc.constantFrom('/v1/keys', '/v1/whoami', '/healthz'), weight: 4 },
    { arbitrary: fc.constant(null).map(() => `/v1/keys/${keyId}`), weight: 3 },
    { arbitrary: fc.constant(null).map(() => `/v1/keys/${keyId}/replace`), weight: 2 },
    fc.stringMatching(/^key_[0-9a-z]{20,40}$/).map((id) => `/v1/keys/${id}/replace`),
    fc.constantFrom('/', '/v1', '/v1/keys/', '/v1/keys//x', '/V1/KEYS'),
    fc.stringMatching(/^key_[0-9a-z]{20,40}$/).map((id) => `/v1/keys/${id}`),
    fc.string({ maxLength: 50 }).map((s) => `/v1/keys/${encodeURIComponent(s)}`),
    fc.webPath(),
    fc.tuple(fc.constantFrom('/v1/keys', '/v1/whoami'), fc.webQueryParameters()).map(([p, q]) => `${p}?${q}`),
    fc
      .record({
        limit: fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string({ maxLength: 6 })),
        cursor: fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 60 })),
        sort: fc.oneof(fc.constantFrom('createdAt', 'expiresAt', 'name', 'lastUsedAt'), fc.string({ maxLength: 8 })),
        order: fc.oneof(fc.constantFrom('asc', 'desc'), fc.string({ maxLength: 5 })),
      })
      .map((q) => `/v1/keys?${new URLSearchParams(q).toString()}`),
  );
  const auth = fc.oneof(
    fc.constant<string | undefined>(undefined),
    { arbitrary: fc.constant('admin'), weight: 6 },
    fc.constant('key'),
    fc.constant(null).map(() => `Bearer ${generateSecret()}`),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'bearer wbk_', 'Bearer wbadm_nope_nope_nope_nope_nope_nope_nope'),
    fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
  );
  const contentType = fc.oneof(
    fc.constant<string | undefined>(undefined),
    { arbitrary: fc.constant('application/json'), weight: 4 },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=iso-8859-1',
      'application/jsonx',
      'text/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
    ),
    fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  );
  const body = fc.oneof(
    fc.constant<Uint8Array<ArrayBuffer> | string | undefined>(undefined),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.json({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc
      .record(
        {
          name: fc.oneof(fc.string({ maxLength: 120 }), fc.jsonValue({ maxDepth: 1 })),
          expiresAt: fc.oneof(
            fc.constant(null),
            fc.string({ maxLength: 30 }),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.integer(),
          ),
          extra: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
    { arbitrary: fc.integer({ min: BODY_MAX_BYTES - 16, max: BODY_MAX_BYTES * 4 }).map((n) => 'x'.repeat(n)), weight: 2 },
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Uint8Array.from([0xff, ...bytes, 0xc3])),
  );

  // Absent mostly; otherwise well-formed, too short or too long, or odd bytes.
  const idemHeader = fc.oneof(
    { arbitrary: fc.constant<string | undefined>(undefined), weight: 4 },
    fc.stringMatching(/^[\x21-\x7e]{0,300}$/),
    fc.stringMatching(/^[\x20-\x7e]{1,20}$/),
  );

  /** True when the request could legitimately succeed and change state; those are not generated. */
  function wouldMutate(m: string, p: string, authorization: string | undefined, raw: Uint8Array<ArrayBuffer> | string | undefined): boolean {
    if (authorization === 'key') return (m === 'GET' || m === 'HEAD') && p.startsWith('/v1/whoami'); // touches lastUsedAt
    if (authorization !== 'admin') return false;
    if (m === 'DELETE' && p === `/v1/keys/${keyId}`) return true;
    if (typeof raw !== 'string') return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return false;
    }
    if (m === 'POST' && p === '/v1/keys') {
      const ok = CreateKeyRequest.safeParse(parsed);
      return ok.success && (ok.data.expiresAt === null || Date.parse(ok.data.expiresAt) > clock.now);
    }
    if (m === 'POST' && p === `/v1/keys/${keyId}/replace`) {
      const ok = ReplaceKeyRequest.safeParse(parsed);
      return ok.success && (ok.data.expiresAt === null || Date.parse(ok.data.expiresAt) > clock.now);
    }
    if (m === 'PATCH' && p === `/v1/keys/${keyId}`)
      return RenameKeyRequest.safeParse(parsed).success && !Object.hasOwn(parsed as object, 'expiresAt');
    return false;
  }

  /** The method and path for a body-taking operation on the fuzz target. */
  const target = (op: 'POST' | 'PATCH' | 'REPLACE'): [string, string] =>
    op === 'POST' ? ['POST', '/v1/keys'] : op === 'PATCH' ? ['PATCH', `/v1/keys/${keyId}`] : ['POST', `/v1/keys/${keyId}/replace`];

  it('never 5xx; every non-2xx is an envelope; only reads succeed', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(method, path, auth, contentType, body, idemHeader, async (m, p, a, ct, raw, idem) => {
        fc.pre(!wouldMutate(m, p, a, raw));
        const headers: Record<string, string> = {};
        if (idem !== undefined) headers[IDEMPOTENCY_HEADER] = idem;
        if (a === 'admin') headers.authorization = `Bearer ${server.adminToken}`;
        else if (a === 'key') headers.authorization = `Bearer ${keySecret}`;
        else if (a !== undefined) headers.authorization = a;
        if (ct !== undefined) headers['content-type'] = ct;
        const hasBody = m !== 'GET' && m !== 'HEAD' && raw !== undefined;
        const res = await fetch(`${server.url}${p}`, { method: m, headers, body: hasBody ? raw : undefined });
        const text = await res.text();
        seen.add(res.status);
        expect(res.status, `${m} ${p} → ${res.status} ${text}`).toBeLessThan(500);
        if (res.status >= 200 && res.status < 300) {
          expect(['GET', 'HEAD']).toContain(m);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          if (m !== 'HEAD') expect(ApiErrorBody.safeParse(JSON.parse(text)).success).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators reach the interesting answers, not just one of them.
    for (const status of [200, 400, 401, 404, 405]) expect(seen, `saw ${[...seen].join(',')}`).toContain(status);
  });

  it('body guards: any bytes under any content type to create, rename or replace give 400, 413 or 415, never a change', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'PATCH', 'REPLACE'), contentType, body, async (op, ct, raw) => {
        const [m, p] = target(op);
        fc.pre(!wouldMutate(m, p, 'admin', raw));
        const headers: Record<string, string> = ct === undefined ? {} : { 'content-type': ct };
        const res = await server.req(m, p, { raw, headers });
        seen.add(res.status);
        expect([400, 413, 415]).toContain(res.status);
        const error = ApiErrorBody.parse(await res.json()).error;
        const allowed: Record<number, string[]> = {
          400: ['invalid_request', 'invalid_json', 'expiry_immutable'],
          413: ['payload_too_large'],
          415: ['unsupported_media_type'],
        };
        expect(allowed[res.status]).toContain(error.code);
      }),
      { numRuns: RUNS },
    );
    for (const status of [400, 413, 415]) expect(seen, `saw ${[...seen].join(',')}`).toContain(status);
  });

  it('invalid create, rename and replace bodies are 400 with a field, and change nothing', async () => {
    const fields = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 110 }), fc.constantFrom('', ' ', 'a\u0000b', 'x'.repeat(101)), fc.jsonValue({ maxDepth: 1 })),
        graceSeconds: fc.oneof(fc.integer({ min: -10, max: 3_000_000 }), fc.double(), fc.jsonValue({ maxDepth: 1 })),
        expiresAt: fc.oneof(
          fc.constant(null),
          fc.date({ noInvalidDate: true, max: new Date(T0) }).map((d) => d.toISOString()),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '')),
          fc.string({ maxLength: 30 }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        scopes: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'PATCH', 'REPLACE'), fields, async (op, value) => {
        const [m, p] = target(op);
        const raw = JSON.stringify(value);
        fc.pre(!wouldMutate(m, p, 'admin', raw));
        const res = await server.req(m, p, { raw, headers: { 'content-type': 'application/json' } });
        const error = ApiErrorBody.parse(await res.json()).error;
        expect(res.status).toBe(400);
        expect(['invalid_request', 'expiry_immutable']).toContain(error.code);
        if (error.code === 'invalid_request' && typeof value === 'object' && value !== null) {
          expect(error.field).toEqual(expect.any(String));
          expect(error.message).toContain(error.field);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
