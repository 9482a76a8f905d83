// Property-based requests generated from docs/openapi.json's own schemas
// (not from the zod schemas it was generated from): bodies and query strings
// that the document accepts, and mutations of them that it refuses. Against
// the real server: never a 5xx; what the document refuses is a 4xx the
// operation lists; what the document and the rules it states in words
// (name rules, instant range, expiry in the future) accept succeeds; every
// answer matches the document's schema for its status. JSON Schema validation
// is Ajv's (draft 2020-12), so the document is read as any tool would read it.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListKeysQueryExtended } from '../../lib/shared/contract/list-query';
import { CreateKeyRequest, RenameKeyRequest, ReplaceKeyRequest } from '../../lib/shared/contract/requests';
import { instantMs } from '../../lib/shared/contract/schemas';
import { OPENAPI_FILE } from '../../scripts/openapi';
import { ManualClock, T0, startTestServer, type TestServer } from './helpers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

interface Doc {
  paths: Record<string, Record<string, { parameters?: Schema[]; requestBody?: Schema; responses: Record<string, Schema> }>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Schema> };
}

const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
const ajv = new Ajv2020({ strict: false, validateFormats: false, validateSchema: false });
ajv.addSchema(doc, 'openapi');
const validators = new Map<string, ValidateFunction>();
/** A validator for a schema inside the document, its $refs resolved against it. */
function validatorAt(pointer: string): ValidateFunction {
  let v = validators.get(pointer);
  if (!v) validators.set(pointer, (v = ajv.compile({ $ref: `openapi#${pointer}` })));
  return v;
}
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(doc.components.schemas[name]!);
}

/** Values the schema accepts (JSON Schema semantics: lengths in code points). */
function arbitraryFor(input: Schema): fc.Arbitrary<Json> {
  const schema = resolve(input);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(arbitraryFor));
  if (schema.const !== undefined) return fc.constant(schema.const as Json);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1e6, max: (schema.maximum as number | undefined) ?? 1e6 });
    case 'string': {
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      const constraints = { minLength: (schema.minLength as number | undefined) ?? 0, maxLength: (schema.maxLength as number | undefined) ?? 40 };
      return fc.oneof(
        fc.string({ ...constraints, unit: 'grapheme-ascii' }),
        fc.string({ ...constraints, unit: 'grapheme' }),
        fc.string({ ...constraints, unit: 'binary' }),
      );
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const [name, sub] of Object.entries(properties)) record[name] = arbitraryFor(sub);
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return fc.jsonValue() as fc.Arbitrary<Json>;
  }
}

/** A value the document accepts, or one mutation of it that it (usually) refuses. */
function bodies(schema: Schema): fc.Arbitrary<Json> {
  const valid = arbitraryFor(schema);
  const props = Object.keys(resolve(schema).properties ?? {});
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    fc.tuple(valid, fc.constantFrom(...props)).map(([v, key]) => {
      const copy = { ...(v as Record<string, Json>) };
      delete copy[key];
      return copy;
    }),
    fc
      .tuple(valid, fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue())
      .map(([v, key, extra]) => ({ ...(v as Record<string, Json>), [key]: extra as Json })),
    fc.tuple(valid, fc.constantFrom(...props), fc.jsonValue()).map(([v, key, value]) => ({ ...(v as Record<string, Json>), [key]: value as Json })),
    fc.jsonValue() as fc.Arbitrary<Json>,
  );
}

let server: TestServer;
const clock = new ManualClock(T0);
beforeAll(async () => {
  server = await startTestServer({ clock: clock.read });
});
afterAll(() => server.dispose());

/** The answer matches the document: a status the operation lists, and that status's schema. */
async function expectDocumented(res: Response, path: string, method: string): Promise<unknown> {
  const text = await res.text();
  const responses = doc.paths[path]![method]!.responses;
  expect(res.status, `${method} ${path} answered ${res.status} ${text.slice(0, 200)}`).toBeLessThan(500);
  expect(Object.keys(responses), `${method} ${path}: ${res.status} is not in the document`).toContain(String(res.status));
  if (!text) return undefined;
  const body: unknown = JSON.parse(text);
  const validate = validatorAt(`/paths/${escape(path)}/${method}/responses/${res.status}/content/application~1json/schema`);
  expect(
    validate(body),
    `${method} ${path} ${res.status} does not match the document: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`,
  ).toBe(true);
  return body;
}

const future = (expiresAt: unknown) => typeof expiresAt !== 'string' || (instantMs(expiresAt) ?? -Infinity) > clock.now;

describe('requests generated from docs/openapi.json', () => {
  const runs = { numRuns: 150 };

  it.each([
    ['POST', '/v1/keys', 'CreateKeyRequest', CreateKeyRequest, 201],
    ['PATCH', '/v1/keys/{id}', 'RenameKeyRequest', RenameKeyRequest, 200],
    ['POST', '/v1/keys/{id}/replace', 'ReplaceKeyRequest', ReplaceKeyRequest, 201],
  ] as const)(
    '%s %s: document-valid bodies succeed, refused ones are documented 4xx, never 5xx',
    async (method, path, component, contract, success) => {
      const target = (await server.createKey('property target')).key.id;
      const validBody = validatorAt(`/components/schemas/${component}`);
      const tally = { success: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(bodies({ $ref: `#/components/schemas/${component}` }), async (body) => {
          const docValid = validBody(body);
          const contractValid = contract.safeParse(body).success && future((body as { expiresAt?: unknown } | null)?.expiresAt);
          // The document is never stricter than the contract: what the server must accept, the document accepts.
          if (contractValid) expect(docValid, `the document refuses a valid body: ${JSON.stringify(body)}`).toBe(true);
          const res = await server.req(method, path.replace('{id}', target), { json: body });
          const answer = (await expectDocumented(res, path, method.toLowerCase())) as { error?: { field?: string } } | undefined;
          if (contractValid) {
            expect(res.status, JSON.stringify(body)).toBe(success);
            tally.success++;
          } else {
            expect(res.status, `${JSON.stringify(body)} was accepted`).toBe(400);
            tally.refused++;
            if (docValid) expect(answer?.error?.field, 'a refusal of a document-valid body names its field').toBeDefined();
          }
        }),
        runs,
      );
      // Both sides of the property were exercised.
      expect(tally.success).toBeGreaterThan(10);
      expect(tally.refused).toBeGreaterThan(10);
    },
  );

  it('GET /v1/keys: query strings from the parameter schemas, plus unknown ones', async () => {
    const params = doc.paths['/v1/keys']!.get!.parameters!.filter((p) => p.in === 'query') as { name: string; schema: Schema }[];
    const record: Record<string, fc.Arbitrary<string>> = {};
    // A random cursor names no position, so it is refused; keep it rare so that
    // fully valid queries stay common (else the ok tally rests on luck).
    const cursorParam = params.find((p) => p.name === 'cursor');
    for (const p of params.filter((q) => q !== cursorParam)) {
      record[p.name] = fc.oneof(
        { weight: 4, arbitrary: arbitraryFor(p.schema) as fc.Arbitrary<string> },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      );
    }
    const unknown = fc.tuple(fc.stringMatching(/^[A-Za-z_]{1,8}$/), fc.string({ maxLength: 5 }));
    const cursor = cursorParam
      ? fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitraryFor(cursorParam.schema) as fc.Arbitrary<string> })
      : fc.constant(undefined);
    const query = fc.tuple(
      fc.record(record, { requiredKeys: [] }),
      fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unknown }),
      cursor,
    );
    const tally = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(query, async ([generated, extra, cursorValue]) => {
        const known = (cursorValue === undefined ? generated : { ...generated, cursor: cursorValue }) as Record<string, string>;
        const entries = Object.entries(known);
        if (extra) entries.push(extra);
        const search = new URLSearchParams(entries).toString();
        const contractValid =
          new Set(entries.map(([n]) => n)).size === entries.length && ListKeysQueryExtended.safeParse(Object.fromEntries(entries)).success;
        const res = await server.req('GET', `/v1/keys${search ? `?${search}` : ''}`);
        const answer = (await expectDocumented(res, '/v1/keys', 'get')) as { error?: { field?: string } } | undefined;
        if (contractValid && !('cursor' in known)) {
          expect(res.status, search).toBe(200);
          tally.ok++;
        } else if (res.status !== 200) {
          // A random cursor is well-formed to the document (opaque) but names no position: refused naming it.
          expect(res.status, search).toBe(400);
          expect(answer?.error?.field, search).toBeDefined();
          tally.refused++;
        }
      }),
      { numRuns: 300 },
    );
    expect(tally.ok).toBeGreaterThan(5);
    expect(tally.refused).toBeGreaterThan(10);
  });
});
