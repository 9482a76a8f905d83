// Schema migrations by PRAGMA user_version.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, closeDb, migrate, openDb } from '../../server/db';
import { createSqliteStore } from '../../server/store';

const dir = mkdtempSync(join(tmpdir(), 'wb-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('a new database is WAL, FULL sync, with foreign keys, at the latest version', () => {
    const db = openDb(join(dir, 'new.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    closeDb(db);
  });

  it('upgrades a version-1 file in place, keeping its keys', async () => {
    const path = join(dir, 'v1.db');
    // Build a version-1 file by running only the first migration.
    const old = new Database(path);
    migrate(old, 1);
    old
      .prepare("INSERT INTO keys (id, name, hint, secret_hash, created_at) VALUES ('key_aaaaaaaaaaaaaaaaaaaaaaaa', 'old', 'wbk_…abcd', 'h', 1)")
      .run();
    // As a server before schema_migrations left it: the version only in user_version.
    old.exec('DROP TABLE schema_migrations');
    old.close();

    const db = openDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(SCHEMA_VERSION);
    const rows = await createSqliteStore(db).listKeys({
      sort: 'lastUsedAt',
      order: 'asc',
      after: null,
      status: undefined,
      expiresBefore: undefined,
      now: 0,
      limit: 10,
    });
    expect(rows.map((r) => [r.id, r.sort_value])).toEqual([['key_aaaaaaaaaaaaaaaaaaaaaaaa', -1]]);
    closeDb(db);
  });

  it('upgrades a version-2 file to the idempotency table (v3) without touching keys', async () => {
    const path = join(dir, 'v2.db');
    const old = new Database(path);
    migrate(old, 2);
    old
      .prepare("INSERT INTO keys (id, name, hint, secret_hash, created_at) VALUES ('key_bbbbbbbbbbbbbbbbbbbbbbbb', 'kept', 'wbk_…abcd', 'h2', 1)")
      .run();
    old.close();

    const db = openDb(path);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const store = createSqliteStore(db);
    expect((await store.getKey('key_bbbbbbbbbbbbbbbbbbbbbbbb'))?.name).toBe('kept');
    await store.addIdempotency('scope', 'idem-key-1', 'hash', 'key_bbbbbbbbbbbbbbbbbbbbbbbb', 5);
    expect(await store.getIdempotency('scope', 'idem-key-1')).toEqual({
      request_hash: 'hash',
      key_id: 'key_bbbbbbbbbbbbbbbbbbbbbbbb',
      created_at: 5,
    });
    await store.pruneIdempotency(5);
    expect(await store.getIdempotency('scope', 'idem-key-1')).toBeUndefined();
    closeDb(db);
  });

  it('refuses a file from a newer server', () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDb(path)).toThrow(/newer than this server/);
  });
});
