// Cross-cutting security: secrets never at rest in plaintext, tokens kept apart,
// guessing throttled, credential lookups through unique indexes. What each route
// owes on its own (401, 429, nothing secret in bodies or the log) is in
// routes/*.test.ts through support/security.ts.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../lib/shared/contract/secret';
import { sha256Hex } from '../../server/keys';
import { startServer } from '../../server/start';
import { ManualClock, expectError, onPostgres, rawSql, startTestServer, storeBytesAtRest } from './helpers';

/** Copies of the db, -wal and -shm while the server still has them open (the WAL holds recent writes). */
function snapshot(dbPath: string, dir: string): Buffer[] {
  return ['', '-wal', '-shm'].flatMap((suffix) => {
    if (!existsSync(dbPath + suffix)) return [];
    const copy = join(dir, `snapshot${suffix}`);
    copyFileSync(dbPath + suffix, copy);
    return [readFileSync(copy)];
  });
}

const count = (haystacks: Buffer[], needle: string) =>
  haystacks.reduce((n, h) => {
    let hits = 0;
    for (let i = h.indexOf(needle, 0, 'utf8'); i !== -1; i = h.indexOf(needle, i + 1, 'utf8')) hits++;
    return n + hits;
  }, 0);

describe('secrets at rest', () => {
  it('key secrets and the admin token appear in no database file or log; their hashes do', async () => {
    const server = await startTestServer();
    try {
      const secrets: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { secret } = await server.createKey(`key ${i}`);
        secrets.push(secret);
        expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
        // A secret in the URL must not reach the log either.
        await server.req('GET', `/v1/keys/${secret}`);
      }
      // SQLite: copies while open (the WAL holds recent writes), then the files after close.
      // PostgreSQL: after close, the database's files, the cluster tables and the WAL.
      const live = onPostgres ? [] : snapshot(server.dbPath, server.dir);
      await server.close();
      const files = [...live, ...(await storeBytesAtRest(server.dbPath))];
      const logs = [Buffer.from(server.logs.join('\n'), 'utf8')];
      expect(server.logs.length).toBeGreaterThan(10);

      for (const secret of secrets) {
        expect(count(files, secret)).toBe(0);
        expect(count(logs, secret)).toBe(0);
        // The random part alone must not be there either (e.g. stored without prefix).
        expect(count(files, secret.slice(4))).toBe(0);
        // The search does find what is there: the hash.
        expect(count(files, sha256Hex(secret))).toBeGreaterThan(0);
      }
      expect(count(files, server.adminToken)).toBe(0);
      expect(count(logs, server.adminToken)).toBe(0);
      expect(count(files, sha256Hex(server.adminToken))).toBeGreaterThan(0);
    } finally {
      await server.dispose();
    }
  });

  it('stores the admin token as a SHA-256 hash in its own table', async () => {
    const server = await startTestServer();
    await server.close();
    try {
      const rows = await rawSql(server.dbPath, 'SELECT token_hash FROM admin_tokens');
      expect(rows).toEqual([{ token_hash: sha256Hex(server.adminToken) }]);
    } finally {
      await server.dispose();
    }
  });
});

describe('token separation', () => {
  it('a valid key secret is never accepted as an admin token', async () => {
    const server = await startTestServer();
    try {
      const { secret } = await server.createKey('not an admin');
      expect((await server.req('GET', '/v1/whoami', { token: secret })).status).toBe(200);
      await expectError(await server.req('GET', '/v1/keys', { token: secret }), 401, 'unauthorized');
      await expectError(await server.req('POST', '/v1/keys', { token: secret, json: { name: 'x', expiresAt: null } }), 401, 'unauthorized');
    } finally {
      await server.dispose();
    }
  });

  it('an operator-supplied admin token works, and the generated one keeps working', async () => {
    const first = await startTestServer();
    await first.close();
    const supplied = 'operator-token-0123456789abcdefghijkl';
    const second = await startServer({ port: 0, dbPath: first.dbPath, adminToken: supplied });
    try {
      expect(second.generatedAdminToken).toBeNull();
      for (const token of [supplied, first.adminToken]) {
        const res = await fetch(`${second.url}/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
      }
    } finally {
      await second.close();
      await first.dispose();
    }
  });

  it('refuses an admin token shorter than 32 characters', async () => {
    const server = await startTestServer();
    await server.close();
    await expect(startServer({ port: 0, dbPath: server.dbPath, adminToken: 'short' })).rejects.toThrow(/at least 32/);
    await server.dispose();
  });
});

describe('failed-auth rate limit', () => {
  it('429 with Retry-After after too many failures from one address, until the window passes', async () => {
    const clock = new ManualClock();
    const server = await startTestServer({ clock: clock.read, rateLimit: { maxFailures: 3, windowMs: 60_000 } });
    try {
      // Successes never count.
      for (let i = 0; i < 5; i++) expect((await server.req('GET', '/v1/keys')).status).toBe(200);
      await expectError(await server.req('GET', '/v1/keys', { token: 'wrong-token-wrong-token-wrong-token-1' }), 401, 'unauthorized');
      await expectError(await server.req('GET', '/v1/whoami', { token: generateSecret() }), 401, 'key_invalid');
      await expectError(await server.req('GET', '/v1/keys', { token: 'wrong-token-wrong-token-wrong-token-2' }), 401, 'unauthorized');
      await expectError(await server.req('GET', '/v1/keys', { token: 'wrong-token-wrong-token-wrong-token-3' }), 401, 'unauthorized');
      clock.advance(10_000);
      const blocked = await server.req('GET', '/v1/keys', { token: 'wrong-token-wrong-token-wrong-token-4' });
      expect(blocked.headers.get('retry-after')).toBe('50');
      await expectError(blocked, 429, 'rate_limited');
      // Issue 11: others' failures never lock out the admin token in use here; whoami has its own budget.
      expect((await server.req('GET', '/v1/keys')).status).toBe(200);
      await expectError(await server.req('GET', '/v1/whoami', { token: generateSecret() }), 401, 'key_invalid');
      // Unauthenticated endpoints are unaffected.
      expect((await server.req('GET', '/healthz', { token: null })).status).toBe(200);
      clock.advance(50_000);
      await expectError(await server.req('GET', '/v1/keys', { token: 'wrong-token-wrong-token-wrong-token-4' }), 401, 'unauthorized');
    } finally {
      await server.dispose();
    }
  });
});

describe.skipIf(onPostgres)('store lookups', () => {
  it('looks secrets and admin tokens up through their unique indexes', async () => {
    const { openDb } = await import('../../server/db');
    const db = openDb(':memory:');
    const { ADMIN_BY_TOKEN_HASH_SQL, KEY_BY_SECRET_HASH_SQL } = await import('../../server/store');
    // The Store's own statements, so a change there that scans the table fails here.
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join();
    expect(plan(KEY_BY_SECRET_HASH_SQL)).toMatch(/SEARCH keys USING (COVERING )?INDEX sqlite_autoindex_keys_\d \(secret_hash=\?\)/);
    expect(plan(ADMIN_BY_TOKEN_HASH_SQL)).toMatch(/SEARCH admin_tokens USING (COVERING )?INDEX sqlite_autoindex_admin_tokens_\d \(token_hash=\?\)/);
    db.close();
  });
});
