// The contract's black-box checks. Each runs against any implementation over
// HTTP only, touches nothing but keys it created (their names start with the
// run's prefix), and names the section of docs/api.md (and the OpenAPI
// operation) it holds the implementation to.
import {
  BODY_MAX_BYTES,
  CreateKeyResponse,
  KeyMeta,
  KeyResponse,
  ListKeysResponse,
  NAME_MAX,
  ReplaceKeyResponse,
  UTC_INSTANT_FORMAT,
  WhoamiResponse,
} from '../lib/shared/contract/schemas';
import { isWellFormedSecret } from '../lib/shared/contract/secret';
import type { Answer, Client } from './client';

export class CheckFailed extends Error {}
export class Skipped {
  constructor(readonly reason: string) {}
}

interface Ctx {
  client: Client;
  /** Every key name this run makes starts with it. */
  prefix: string;
  /** Run through a validating proxy (see RunOptions.proxied). */
  proxied: boolean;
}

export interface Check {
  name: string;
  /** Where the rule is written: docs/api.md section › OpenAPI operation or schema. */
  section: string;
  run(ctx: Ctx): Promise<void | Skipped>;
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

const show = (a: Answer) => `${a.status} ${a.text.slice(0, 200)}`;

function expectStatus(a: Answer, status: number, what: string): void {
  expect(a.status === status, `${what}: expected ${status}, got ${show(a)}`);
}

function expectError(a: Answer, status: number, code: string, field?: string): void {
  const err = (a.json as { error?: { code?: string; field?: string } } | undefined)?.error;
  expect(a.status === status && err?.code === code, `expected ${status} ${code}, got ${show(a)}`);
  if (field !== undefined) expect(err.field === field, `expected field "${field}", got ${show(a)}`);
}

function parsed<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, a: Answer, what: string): T {
  const result = schema.safeParse(a.json);
  expect(result.success, `${what}: the body does not match the contract: ${a.text.slice(0, 300)}`);
  return result.data as T;
}

/** The answered instant format is exact: YYYY-MM-DDTHH:MM:SS.sssZ. */
function expectInstants(meta: KeyMeta): void {
  for (const [field, value] of [
    ['createdAt', meta.createdAt],
    ['expiresAt', meta.expiresAt],
    ['lastUsedAt', meta.lastUsedAt],
  ] as const) {
    if (value !== null) expect(UTC_INSTANT_FORMAT.test(value), `${field} "${value}" is not YYYY-MM-DDTHH:MM:SS.sssZ`);
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function create(ctx: Ctx, suffix: string, expiresAt: string | null = inDays(30), headers: Record<string, string> = {}) {
  const a = await ctx.client.req('POST', '/v1/keys', { json: { name: `${ctx.prefix}${suffix}`, expiresAt }, headers });
  expectStatus(a, 201, 'create');
  const body = parsed(CreateKeyResponse, a, 'create');
  expect(typeof body.secret === 'string', 'create: no secret');
  return { ...body, secret: body.secret, answer: a };
}

const json = (text: string, headers: Record<string, string> = {}) => ({ raw: text, headers: { 'content-type': 'application/json', ...headers } });

export const CHECKS: readonly Check[] = [
  {
    name: 'GET /healthz answers {"status":"ok"} without authentication',
    section: 'Endpoints › health',
    async run({ client }) {
      const a = await client.req('GET', '/healthz', { token: null });
      expectStatus(a, 200, 'healthz');
      expect((a.json as { status?: unknown }).status === 'ok', `body ${a.text}`);
    },
  },
  {
    name: 'no credential: 401 unauthorized with WWW-Authenticate: Bearer',
    section: 'Authentication › listKeys',
    async run({ client }) {
      const a = await client.req('GET', '/v1/keys', { token: null });
      expectError(a, 401, 'unauthorized');
      expect(/^Bearer\b/i.test(a.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: ${a.headers.get('www-authenticate')}`);
    },
  },
  {
    name: 'a wrong admin token and a key secret used as admin token are 401 unauthorized',
    section: 'Authentication',
    async run(ctx) {
      expectError(await ctx.client.req('GET', '/v1/keys', { token: `${ctx.prefix}not-a-token-0000000000000000` }), 401, 'unauthorized');
      const { secret } = await create(ctx, 'secret-as-admin');
      expectError(await ctx.client.req('GET', '/v1/keys', { token: secret }), 401, 'unauthorized');
    },
  },
  {
    name: 'create: 201, a well-formed secret shown once, Location, exact instants, no alreadyIssued',
    section: 'POST /v1/keys › createKey; Key secrets',
    async run(ctx) {
      const expiresAt = '2099-03-04T05:06:07+02:00';
      const made = await create(ctx, 'create', expiresAt);
      expect(isWellFormedSecret(made.secret), 'the secret has no valid shape or checksum');
      expect(made.key.hint === `wbk_…${made.secret.slice(-4)}`, `hint ${made.key.hint}`);
      expect(made.answer.headers.get('location') === `/v1/keys/${made.key.id}`, `Location: ${made.answer.headers.get('location')}`);
      expect(made.alreadyIssued === undefined, 'alreadyIssued on a 201');
      expect(made.key.expiresAt === '2099-03-04T03:06:07.000Z', `expiresAt answered as ${made.key.expiresAt}`);
      expect(made.key.status === 'active' && made.key.lastUsedAt === null, 'a new key is active and unused');
      expectInstants(made.key);
      const got = parsed(KeyResponse, await ctx.client.req('GET', `/v1/keys/${made.key.id}`), 'get');
      expect(!JSON.stringify(got).includes(made.secret), 'GET answers the secret');
    },
  },
  {
    name: 'the latest instant is accepted and answered exactly; past the range (after the offset) is refused',
    section: 'Conventions › Instant, UtcInstant',
    async run(ctx) {
      const made = await create(ctx, 'max-instant', '9999-12-31T23:59:59.999Z');
      expect(made.key.expiresAt === '9999-12-31T23:59:59.999Z', `answered ${made.key.expiresAt}`);
      for (const bad of [
        '9999-12-31T23:00:00-05:00',
        '2030-01-01T00:00Z',
        '2030-02-30T00:00:00Z',
        '2030-01-01T00:00:00',
        '2030-01-01 00:00:00Z',
        '+010000-01-01T00:00:00Z',
      ]) {
        const a = await ctx.client.req('POST', '/v1/keys', { json: { name: `${ctx.prefix}bad-instant`, expiresAt: bad } });
        expectError(a, 400, 'invalid_request', 'expiresAt');
      }
      expectError(
        await ctx.client.req('POST', '/v1/keys', { json: { name: `${ctx.prefix}past`, expiresAt: '2001-01-01T00:00:00Z' } }),
        400,
        'invalid_request',
        'expiresAt',
      );
    },
  },
  {
    name: `names: trimmed, ${NAME_MAX} code points (emoji) accepted, ${NAME_MAX + 1} and control/bidi/invisible refused`,
    section: 'Name rules › KeyName',
    async run(ctx) {
      const emoji = ctx.prefix + '😀'.repeat(NAME_MAX - [...ctx.prefix].length);
      const long = await ctx.client.req('POST', '/v1/keys', { json: { name: emoji, expiresAt: null } });
      expectStatus(long, 201, `a name of ${NAME_MAX} code points`);
      const trimmed = await ctx.client.req('POST', '/v1/keys', { json: { name: `\t ${ctx.prefix}trim \u3000`, expiresAt: null } });
      expectStatus(trimmed, 201, 'a name with surrounding whitespace');
      expect(parsed(CreateKeyResponse, trimmed, 'create').key.name === `${ctx.prefix}trim`, 'the name was not trimmed');
      for (const bad of [
        emoji + '😀',
        '',
        '   ',
        `${ctx.prefix}a\u0007b`,
        `${ctx.prefix}\u202etxt`,
        `${ctx.prefix}a\u200bb`,
        `${ctx.prefix}\u0085`,
        '\u0301\u0301',
      ]) {
        expectError(await ctx.client.req('POST', '/v1/keys', { json: { name: bad, expiresAt: null } }), 400, 'invalid_request', 'name');
      }
    },
  },
  {
    name: 'bodies: unknown member, wrong type, invalid JSON, BOM, wrong content type, over 16 KiB',
    section: 'Conventions; Errors',
    async run(ctx) {
      const c = ctx.client;
      const name = `${ctx.prefix}body`;
      expectError(await c.req('POST', '/v1/keys', { json: { name, expiresAt: null, extra: 1 } }), 400, 'invalid_request', 'extra');
      expectError(await c.req('POST', '/v1/keys', { json: { name, expiresAt: 5 } }), 400, 'invalid_request', 'expiresAt');
      expectError(await c.req('POST', '/v1/keys', { json: { name } }), 400, 'invalid_request', 'expiresAt');
      expectError(await c.req('POST', '/v1/keys', { json: [name] }), 400, 'invalid_request');
      expectError(await c.req('POST', '/v1/keys', json('{"name": ')), 400, 'invalid_json');
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify({ name, expiresAt: null }))]);
      expectError(await c.req('POST', '/v1/keys', { raw: bom, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      expectError(
        await c.req('POST', '/v1/keys', { raw: JSON.stringify({ name, expiresAt: null }), headers: { 'content-type': 'text/plain' } }),
        415,
        'unsupported_media_type',
      );
      const big = JSON.stringify({ name, expiresAt: null, pad: 'x'.repeat(BODY_MAX_BYTES) });
      expectError(await c.req('POST', '/v1/keys', json(big)), 413, 'payload_too_large');
    },
  },
  {
    name: 'get, rename (trimmed), and PATCH with expiresAt is 400 expiry_immutable changing nothing',
    section: 'PATCH /v1/keys/{id} › renameKey',
    async run(ctx) {
      const { key } = await create(ctx, 'rename');
      const renamed = await ctx.client.req('PATCH', `/v1/keys/${key.id}`, { json: { name: ` ${ctx.prefix}renamed ` } });
      expectStatus(renamed, 200, 'rename');
      expect(parsed(KeyResponse, renamed, 'rename').key.name === `${ctx.prefix}renamed`, 'not renamed (or not trimmed)');
      const immutable = await ctx.client.req('PATCH', `/v1/keys/${key.id}`, { json: { name: `${ctx.prefix}x`, expiresAt: null } });
      expectError(immutable, 400, 'expiry_immutable', 'expiresAt');
      const after = parsed(KeyResponse, await ctx.client.req('GET', `/v1/keys/${key.id}`), 'get').key;
      expect(after.name === `${ctx.prefix}renamed` && after.expiresAt === key.expiresAt, 'the refused PATCH changed the key');
    },
  },
  {
    name: 'whoami: the secret works; garbage and a bad checksum are key_invalid; an admin token is not a key',
    section: 'GET /v1/whoami › whoami',
    async run(ctx) {
      const made = await create(ctx, 'whoami');
      const ok = await ctx.client.req('GET', '/v1/whoami', { token: made.secret });
      expectStatus(ok, 200, 'whoami');
      const who = parsed(WhoamiResponse, ok, 'whoami');
      expect(who.keyId === made.key.id && who.name === made.key.name, `whoami answered ${ok.text}`);
      const flipped = made.secret.slice(0, -1) + (made.secret.endsWith('A') ? 'B' : 'A');
      expectError(await ctx.client.req('GET', '/v1/whoami', { token: flipped }), 401, 'key_invalid');
      expectError(await ctx.client.req('GET', '/v1/whoami', { token: null }), 401, 'key_invalid');
      expectError(await ctx.client.req('GET', '/v1/whoami', { token: ctx.client.adminToken }), 401, 'key_invalid');
    },
  },
  {
    name: 'delete: 204, then 404 on get and delete, and the secret stops working at once',
    section: 'DELETE /v1/keys/{id} › deleteKey',
    async run(ctx) {
      const made = await create(ctx, 'delete');
      const del = await ctx.client.req('DELETE', `/v1/keys/${made.key.id}`);
      expectStatus(del, 204, 'delete');
      expect(del.text === '', 'a 204 with a body');
      expectError(await ctx.client.req('GET', `/v1/keys/${made.key.id}`), 404, 'not_found');
      expectError(await ctx.client.req('DELETE', `/v1/keys/${made.key.id}`), 404, 'not_found');
      expectError(await ctx.client.req('GET', '/v1/whoami', { token: made.secret }), 401, 'key_invalid');
    },
  },
  {
    name: 'idempotent create: replay is 200 with secret null, alreadyIssued and Location; another body is 409',
    section: 'Idempotent retries › createKey',
    async run(ctx) {
      const idem = { 'idempotency-key': `${ctx.prefix}create-idem` };
      const first = await create(ctx, 'idem', null, idem);
      const again = await ctx.client.req('POST', '/v1/keys', { json: { name: ` ${ctx.prefix}idem `, expiresAt: null }, headers: idem });
      expectStatus(again, 200, 'replay');
      const replay = parsed(CreateKeyResponse, again, 'replay');
      expect(replay.key.id === first.key.id && replay.secret === null && replay.alreadyIssued === true, `replay ${again.text}`);
      expect(again.headers.get('location') === `/v1/keys/${first.key.id}`, `replay Location: ${again.headers.get('location')}`);
      const other = await ctx.client.req('POST', '/v1/keys', { json: { name: `${ctx.prefix}other`, expiresAt: null }, headers: idem });
      expectError(other, 409, 'idempotency_conflict');
      expectError(
        await ctx.client.req('POST', '/v1/keys', { json: { name: `${ctx.prefix}x`, expiresAt: null }, headers: { 'idempotency-key': 'short' } }),
        400,
        'invalid_request',
        'Idempotency-Key',
      );
    },
  },
  {
    name: 'Idempotency-Key on an operation that does not take it is 400 naming it',
    section: 'Idempotent retries; Conventions',
    async run(ctx) {
      const { key } = await create(ctx, 'idem-elsewhere');
      const headers = { 'idempotency-key': `${ctx.prefix}elsewhere` };
      expectError(await ctx.client.req('GET', '/v1/keys', { headers }), 400, 'invalid_request', 'Idempotency-Key');
      expectError(
        await ctx.client.req('PATCH', `/v1/keys/${key.id}`, { json: { name: `${ctx.prefix}y` }, headers }),
        400,
        'invalid_request',
        'Idempotency-Key',
      );
    },
  },
  {
    name: 'replace: new key with secret, old expiry shortened to the grace, both secrets work; grace 0 expires the old one',
    section: 'POST /v1/keys/{id}/replace › replaceKey',
    async run(ctx) {
      const old = await create(ctx, 'replace-old', inDays(60));
      const before = Date.now();
      const a = await ctx.client.req('POST', `/v1/keys/${old.key.id}/replace`, {
        json: { name: `${ctx.prefix}replace-new`, expiresAt: inDays(90), graceSeconds: 3600 },
      });
      expectStatus(a, 201, 'replace');
      const r = parsed(ReplaceKeyResponse, a, 'replace');
      expect(typeof r.secret === 'string' && isWellFormedSecret(r.secret) && r.alreadyIssued === undefined, 'replace: secret or alreadyIssued wrong');
      expect(a.headers.get('location') === `/v1/keys/${r.key.id}`, `Location: ${a.headers.get('location')}`);
      const oldExpiry = Date.parse(r.replaced.expiresAt ?? '');
      expect(
        r.replaced.id === old.key.id && oldExpiry >= before + 3_590_000 && oldExpiry <= Date.now() + 3_610_000,
        `replaced.expiresAt ${r.replaced.expiresAt}`,
      );
      expectInstants(r.key);
      expectInstants(r.replaced);
      expectStatus(await ctx.client.req('GET', '/v1/whoami', { token: old.secret }), 200, 'the old secret within its grace');
      expectStatus(await ctx.client.req('GET', '/v1/whoami', { token: r.secret }), 200, 'the new secret');
      const now = await ctx.client.req('POST', `/v1/keys/${r.key.id}/replace`, {
        json: { name: `${ctx.prefix}replace-3`, expiresAt: null, graceSeconds: 0 },
      });
      expectStatus(now, 201, 'replace with grace 0');
      expectError(await ctx.client.req('GET', '/v1/whoami', { token: r.secret }), 401, 'key_expired');
      for (const grace of ['-1', '2592001', '"60"', 'null']) {
        const bad = await ctx.client.req(
          'POST',
          `/v1/keys/${old.key.id}/replace`,
          json(`{"name":"${ctx.prefix}g","expiresAt":null,"graceSeconds":${grace}}`),
        );
        expectError(bad, 400, 'invalid_request', 'graceSeconds');
      }
    },
  },
  {
    name: 'replace retries: replay 200 with Location; after the old key was deleted, 409',
    section: 'Idempotent retries › replaceKey',
    async run(ctx) {
      const old = await create(ctx, 'replace-retry');
      const headers = { 'idempotency-key': `${ctx.prefix}replace-retry` };
      const body = { name: `${ctx.prefix}replace-retry-new`, expiresAt: null, graceSeconds: 60 };
      const first = await ctx.client.req('POST', `/v1/keys/${old.key.id}/replace`, { json: body, headers });
      expectStatus(first, 201, 'replace');
      const newId = parsed(ReplaceKeyResponse, first, 'replace').key.id;
      const replay = await ctx.client.req('POST', `/v1/keys/${old.key.id}/replace`, { json: body, headers });
      expectStatus(replay, 200, 'replay');
      const r = parsed(ReplaceKeyResponse, replay, 'replay');
      expect(r.key.id === newId && r.secret === null && r.alreadyIssued === true, `replay ${replay.text}`);
      expect(replay.headers.get('location') === `/v1/keys/${newId}`, `replay Location: ${replay.headers.get('location')}`);
      expectStatus(await ctx.client.req('DELETE', `/v1/keys/${old.key.id}`), 204, 'delete the old key');
      expectError(await ctx.client.req('POST', `/v1/keys/${old.key.id}/replace`, { json: body, headers }), 409, 'idempotency_conflict');
    },
  },
  {
    name: "list: pages walked with limit=1 and sort=name hold this run's keys once each, in order",
    section: 'Pagination, sorting and filtering › listKeys',
    async run(ctx) {
      const names = ['c', 'a', 'b'].map((s) => `${ctx.prefix}list-${s}`);
      for (const n of names) await create(ctx, n.slice(ctx.prefix.length));
      const seen: KeyMeta[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100_000; page++) {
        const q: string = `/v1/keys?sort=name&limit=${page === 0 ? 1 : 500}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const a = await ctx.client.req('GET', q);
        expectStatus(a, 200, 'list');
        const body = parsed(ListKeysResponse, a, 'list');
        for (const k of body.keys) expectInstants(k);
        seen.push(...body.keys);
        cursor = body.nextCursor;
        if (cursor === null) break;
      }
      const ids = seen.map((k) => k.id);
      expect(new Set(ids).size === ids.length, 'a key was listed twice');
      const mine = seen.filter((k) => names.includes(k.name)).map((k) => k.name);
      expect(JSON.stringify(mine) === JSON.stringify([...names].sort()), `this run's keys listed as ${JSON.stringify(mine)}`);
    },
  },
  {
    name: 'query: unknown, repeated or out-of-range parameters and a foreign cursor are 400 naming them',
    section: 'Conventions; Pagination › listKeys',
    async run({ client }) {
      expectError(await client.req('GET', '/v1/keys?foo=1&sort=bad'), 400, 'invalid_request', 'foo');
      expectError(await client.req('GET', '/v1/keys?limit=1&limit=2'), 400, 'invalid_request', 'limit');
      expectError(await client.req('GET', '/v1/keys?limit=0'), 400, 'invalid_request', 'limit');
      expectError(await client.req('GET', '/v1/keys?limit=501'), 400, 'invalid_request', 'limit');
      expectError(await client.req('GET', '/v1/keys?sort=bad'), 400, 'invalid_request', 'sort');
      expectError(await client.req('GET', '/v1/keys?cursor=not*a*cursor'), 400, 'invalid_request', 'cursor');
      expectError(await client.req('GET', '/v1/keys?expiresBefore=2030-01-01'), 400, 'invalid_request', 'expiresBefore');
      expectError(await client.req('GET', '/healthz?x=1', { token: null }), 400, 'invalid_request', 'x');
    },
  },
  {
    name: 'paths are exact: trailing slash, malformed and unknown ids, unknown paths, escapes other than unreserved characters are 404',
    section: 'Conventions › KeyIdPath',
    async run(ctx) {
      const { key } = await create(ctx, 'paths');
      for (const p of [
        '/v1/keys/',
        `/v1/keys/${key.id}/`,
        `/v1/keys/${key.id}%2F`,
        `/v1/keys/${key.id}%20`,
        '/v1/keys/not-a-key',
        '/v1/keys/key_00000000000000000000zzzz',
        '/v2/keys',
      ]) {
        expectError(await ctx.client.req('GET', p), 404, 'not_found');
      }
      // RFC 3986: an encoded unreserved character is the character itself.
      expectStatus(await ctx.client.req('GET', `/v1/keys/${key.id.replace('key_', 'key%5F')}`), 200, 'GET /v1/keys/key%5F…');
    },
  },
  {
    name: 'methods: 405 with Allow for a wrong method and for OPTIONS',
    section: 'Endpoints; Conventions',
    async run({ client }) {
      const put = await client.req('PUT', '/v1/keys', { json: {} });
      expectError(put, 405, 'method_not_allowed');
      const allow = (put.headers.get('allow') ?? '').split(/, */);
      expect(
        ['GET', 'POST'].every((m) => allow.includes(m)),
        `Allow: ${put.headers.get('allow')}`,
      );
      expectError(await client.req('OPTIONS', '/v1/keys', { token: null }), 405, 'method_not_allowed');
    },
  },
  {
    name: 'HEAD answers where GET does, with the same status and no body',
    section: 'Endpoints › listKeysHead',
    async run({ client, proxied }) {
      if (proxied) return new Skipped('Prism 5.14 parses the empty body of a HEAD answer as JSON and fails (500)');
      const head = await client.req('HEAD', '/v1/keys');
      expectStatus(head, 200, 'HEAD /v1/keys');
      expect(head.text === '', 'HEAD answered a body');
      expectStatus(await client.req('HEAD', '/v1/keys', { token: null }), 401, 'HEAD /v1/keys without a credential');
    },
  },
  {
    name: 'an unknown method (FOO) is 405 with Allow in the error envelope',
    section: 'Endpoints; Errors',
    async run({ client, proxied }) {
      if (proxied) return new Skipped("a proxy's own HTTP parser answers unknown methods");
      const host = new URL(client.url).host;
      const foo = await client.raw(`FOO /v1/keys HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(/^HTTP\/1\.[01] 405 /.test(foo) && /\r\nallow: /i.test(foo) && foo.includes('method_not_allowed'), `FOO answered: ${foo.slice(0, 200)}`);
    },
  },
  {
    name: 'graceSeconds must be written as a JSON integer: 3600.0 and 1e3 are refused naming it',
    section: 'Conventions › ReplaceKeyRequest',
    async run(ctx) {
      if (ctx.proxied) return new Skipped('a proxy may re-serialize the body (Prism writes 3600.0 as 3600)');
      const { key } = await create(ctx, 'grace-literal');
      for (const grace of ['3600.0', '1e3', '36e2']) {
        const bad = await ctx.client.req(
          'POST',
          `/v1/keys/${key.id}/replace`,
          json(`{"name":"${ctx.prefix}g","expiresAt":null,"graceSeconds":${grace}}`),
        );
        expectError(bad, 400, 'invalid_request', 'graceSeconds');
      }
    },
  },
  {
    name: "the audit log records this run's changes to its own keys",
    section: 'The audit log › listAudit',
    async run(ctx) {
      const { key } = await create(ctx, 'audited');
      expectStatus(await ctx.client.req('PATCH', `/v1/keys/${key.id}`, { json: { name: `${ctx.prefix}audited-2` } }), 200, 'rename');
      const a = await ctx.client.req('GET', `/v1/audit?keyId=${key.id}`);
      expectStatus(a, 200, 'audit');
      const actions = ((a.json as { events?: { action?: string }[] }).events ?? []).map((e) => e.action);
      expect(actions.includes('key.created') && actions.includes('key.renamed'), `audit actions ${JSON.stringify(actions)}`);
    },
  },
  {
    name: 'GET /openapi.json serves an OpenAPI 3.1 document',
    section: 'OpenAPI › openApiDocument',
    async run({ client }) {
      const a = await client.req('GET', '/openapi.json', { token: null });
      if (a.status === 404) return new Skipped('not served by this implementation');
      expectStatus(a, 200, 'openapi.json');
      expect(/^3\.1\./.test(String((a.json as { openapi?: unknown }).openapi)), 'not OpenAPI 3.1');
    },
  },
];
