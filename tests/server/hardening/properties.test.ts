// Property-based, for issue 11: names with lone surrogates, bidi controls,
// format and invisible characters, and extreme but syntactically valid
// instants. Every such request is either refused with a 4xx envelope leaving
// the database exactly as it was, or accepted and read back identical.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, CreateKeyResponse, KeyResponse, UTC_INSTANT_FORMAT, formatInstant, instantMs } from '../../../lib/shared/contract/schemas';
import { CreateKeyRequest } from '../../../lib/shared/contract/requests';
import { ManualClock, startTestServer, type TestServer } from '../helpers';

const RUNS = 150;

const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const BIDI = fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c');
const FORMAT = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u{e0001}', '\u{e0041}', '\u{e007f}', '\u206a');
const INVISIBLE = fc.constantFrom('\u3164', '\u115f', '\u1160', '\uffa0', '\u2800', '\u3000', '\u0301', '\u034f', '\ufe0f', ' ');
const HAZARD = fc.oneof(LONE_SURROGATE, BIDI, FORMAT);
const TEXT = fc.string({
  maxLength: 20,
  unit: fc.oneof(
    fc.constantFrom('a', 'Z', '7', ' ', 'é', 'ß', '한', '🚀', 'ع', '\u0301'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
  ),
});

/** Names that must always be refused: a hazard somewhere, or nothing visible. */
const BAD_NAME = fc.oneof(
  // Visible letters around the hazard: at an edge, trimming may remove it (U+FEFF is whitespace to trim()), and then the name is fine.
  fc.tuple(TEXT, HAZARD, TEXT).map(([a, h, b]) => `${a}a${h}b${b}`),
  fc.array(INVISIBLE, { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
  fc.array(fc.oneof(INVISIBLE, FORMAT), { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
);
/** Names that may or may not be fine; the contract decides, the server must agree and store them exactly. */
const ANY_NAME = fc.oneof(TEXT, BAD_NAME, fc.string({ maxLength: 30, unit: 'binary' }));

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Syntactically valid ISO 8601 instants, weighted to the edges of the range. */
const INSTANT = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 1960, max: 1980 }),
      fc.integer({ min: 2029, max: 2040 }),
      fc.integer({ min: 9990, max: 9999 }),
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,9}$/)),
    offset: fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    ),
  })
  .map(
    (d) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}T${pad(d.hour, 2)}:${pad(d.minute, 2)}:${pad(d.second, 2)}${d.fraction}${d.offset}`,
  );

const clock = new ManualClock();
let server: TestServer;
let targetId: string;

const state = async () => (await server.req('GET', '/v1/keys?limit=500')).text();

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  ApiErrorBody.parse(await res.json());
}

beforeAll(async () => {
  server = await startTestServer({ clock: clock.read, rateLimit: { maxFailures: 1e9 } });
  targetId = (await server.createKey('rename target')).key.id;
});
afterAll(async () => {
  await server.dispose();
});

describe('hazardous names', () => {
  it('are refused on create and rename, with a 4xx envelope, and nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(BAD_NAME, async (name) => {
        const before = await state();
        await expectRefused(await server.req('POST', '/v1/keys', { json: { name, expiresAt: null } }));
        await expectRefused(await server.req('PATCH', `/v1/keys/${targetId}`, { json: { name } }));
        expect(await state()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('any name: the server agrees with the shared contract, and an accepted name reads back identical', async () => {
    await fc.assert(
      fc.asyncProperty(ANY_NAME, async (name) => {
        const before = await state();
        const res = await server.req('POST', '/v1/keys', { json: { name, expiresAt: null } });
        const parsed = CreateKeyRequest.safeParse({ name, expiresAt: null });
        if (!parsed.success) {
          await expectRefused(res);
          expect(await state()).toBe(before);
          return;
        }
        expect(res.status).toBe(201);
        const created = CreateKeyResponse.parse(await res.json());
        expect(created.key.name).toBe(parsed.data.name);
        expect(created.key.name.isWellFormed()).toBe(true);
        const read = KeyResponse.parse(await (await server.req('GET', `/v1/keys/${created.key.id}`)).json());
        expect(read.key.name).toBe(parsed.data.name);
        expect((await server.req('DELETE', `/v1/keys/${created.key.id}`)).status).toBe(204);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('extreme instants', () => {
  it('create: refused unless in range and in the future; accepted ones read back exactly in the answer format', async () => {
    await fc.assert(
      fc.asyncProperty(INSTANT, async (expiresAt) => {
        const before = await state();
        const res = await server.req('POST', '/v1/keys', { json: { name: 'instant', expiresAt } });
        const ms = instantMs(expiresAt);
        const contractOk = CreateKeyRequest.safeParse({ name: 'instant', expiresAt }).success;
        expect(contractOk).toBe(ms !== undefined);
        if (ms === undefined || ms <= clock.now) {
          await expectRefused(res);
          expect(await state()).toBe(before);
          return;
        }
        expect(res.status).toBe(201);
        const created = CreateKeyResponse.parse(await res.json());
        expect(created.key.expiresAt).toBe(formatInstant(ms));
        expect(created.key.expiresAt).toMatch(UTC_INSTANT_FORMAT);
        const read = KeyResponse.parse(await (await server.req('GET', `/v1/keys/${created.key.id}`)).json());
        expect(read.key).toEqual(created.key);
        expect((await server.req('DELETE', `/v1/keys/${created.key.id}`)).status).toBe(204);
      }),
      { numRuns: RUNS },
    );
  });

  it('expiresBefore: only 200 or a 4xx envelope, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(INSTANT, async (instant) => {
        const res = await server.req('GET', `/v1/keys?expiresBefore=${encodeURIComponent(instant)}`);
        if (instantMs(instant) === undefined) await expectRefused(res);
        else expect(res.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
  });
});
