// Issue 11 item 2: every keyset walk terminates and visits each key exactly
// once, even over names whose bytes on disk are not what a JS string
// round-trips to (rows written by an older server that took lone surrogates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListKeysResponse } from '../../../lib/shared/contract/schemas';
import { openDb } from '../../../server/db';
import { mintKey } from '../../../server/mint';
import { createSqliteStore } from '../../../server/store';
import { T0, startTestServer, type TestServer } from '../helpers';

const TRICKY = [
  'build \ud800', // lone surrogate: stored as invalid UTF-8 by older servers
  'build \udfff',
  'build \ufffd',
  'build',
  'BUILD',
  'build', // exact duplicate: ties broken by id
  'bu\u0000ild',
  'Ärger',
  'ärger',
  '🚀 rocket',
  'zz \ud83d',
  '',
];

let server: TestServer;
let ids: string[];
beforeAll(async () => {
  server = await startTestServer();
  // Straight into the database, as a pre-fix server would have stored them.
  const db = openDb(server.dbPath);
  const store = createSqliteStore(db);
  ids = [];
  for (const [i, name] of TRICKY.entries()) {
    const minted = mintKey(name, i % 2 ? null : T0 + i, T0 + (i % 3));
    await store.insertKey(minted.insert);
    ids.push(minted.insert.id);
  }
  db.close();
});
afterAll(async () => {
  await server.dispose();
});

async function walk(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  // Bounded: a cursor that does not advance must fail the test, not hang it.
  for (let page = 0; page < TRICKY.length * 2 + 5; page++) {
    const res = await server.req('GET', `/v1/keys?limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const body = ListKeysResponse.parse(await res.json());
    seen.push(...body.keys.map((k) => k.id));
    cursor = body.nextCursor;
    if (cursor === null) return seen;
  }
  throw new Error(`walk ${query} did not terminate; saw ${seen.length} keys for ${TRICKY.length}`);
}

describe('keyset walks terminate and are exact', () => {
  for (const sort of ['name', 'createdAt', 'expiresAt', 'lastUsedAt']) {
    for (const order of ['asc', 'desc']) {
      it(`sort=${sort}&order=${order}, limit=1, visits each key exactly once`, async () => {
        const seen = await walk(`sort=${sort}&order=${order}`);
        expect([...seen].sort()).toEqual([...ids].sort());
      });
    }
  }
});
