// The OpenAPI document is generated from the zod contract, committed, served,
// and complete: every registered route has an operation (and the reverse), and
// docs/api.md, the prose, names every operation and error code it lists.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_PATTERN, OPERATIONS, errorsFor, openApiDocument, openApiPath } from '../../lib/shared/contract/openapi';
import { ListKeysQueryExtended } from '../../lib/shared/contract/list-query';
import { OPENAPI_FILE } from '../../scripts/openapi';
import { routeTable, startTestServer, type TestServer } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('docs/openapi.json', () => {
  it('is what npm run openapi generates from the contract (run it after changing a schema)', () => {
    // Content, not bytes: Prettier owns the layout, and npm run lint checks it.
    const committed: unknown = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(JSON.stringify(committed) === JSON.stringify(openApiDocument()), 'docs/openapi.json is stale: run npm run openapi').toBe(true);
  });

  it('has an operation for every registered route, and a route for every operation', () => {
    const routes = routeTable().map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    const operations = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(
      routes.filter((r) => !operations.includes(r)),
      'routes without an operation in lib/shared/contract/openapi.ts',
    ).toEqual([]);
    expect(
      operations.filter((o) => !routes.includes(o)),
      'operations without a route',
    ).toEqual([]);
  });

  it('states ?limit= exactly: its pattern accepts the same 1–4 digit strings as the contract', () => {
    const pattern = new RegExp(LIMIT_PATTERN);
    const disagree: string[] = [];
    for (let digits = 1; digits <= 5; digits++) {
      for (let n = 0; n < 10 ** digits; n++) {
        const text = String(n).padStart(digits, '0');
        if (pattern.test(text) !== ListKeysQueryExtended.safeParse({ limit: text }).success) disagree.push(text);
      }
    }
    expect(disagree.slice(0, 10)).toEqual([]);
  });

  it('lists every status code explicitly, never a catch-all default', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const statuses = Object.keys(op.responses);
        expect(statuses, `${method} ${p}`).not.toContain('default');
        expect(
          statuses.every((s) => /^[1-5]\d\d$/.test(s)),
          `${method} ${p}: ${statuses.join()}`,
        ).toBe(true);
        expect(statuses, `${method} ${p}`).toContain('500');
      }
    }
  });

  it('is matched by the prose: docs/api.md names every operation and every error code', () => {
    const prose = readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
    for (const op of OPERATIONS) expect(prose.includes(`${op.method.toUpperCase()} ${op.path}`), `${op.method} ${op.path} in docs/api.md`).toBe(true);
    const codes = new Set(OPERATIONS.flatMap((op) => [...errorsFor(op).values()].flat()));
    for (const code of codes) expect(prose.includes(`\`${code}\``), `${code} in docs/api.md`).toBe(true);
    expect(prose.includes('(openapi.json)'), 'a link to openapi.json').toBe(true);
  });
});

describe('GET /openapi.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  it('serves the committed document without authentication', async () => {
    const res = await server.req('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
  });
});
