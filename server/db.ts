// Opening the SQLite file and bringing its schema up to date. Migrations are
// numbered by PRAGMA user_version, so a newer server upgrades an older file in
// place and an older server refuses a newer file instead of corrupting it.
import Database from 'better-sqlite3';
import { preparePrivateDb } from './private-files';

export type Db = Database.Database;

// Each entry upgrades from version index to index + 1. Append only; never edit.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE keys (
    id           TEXT PRIMARY KEY,
    -- NOCASE so sort=name is alphabetical for people, not by code point.
    name         TEXT NOT NULL COLLATE NOCASE,
    hint         TEXT NOT NULL,
    -- SHA-256 (hex) of the secret. The secret itself is never stored.
    secret_hash  TEXT NOT NULL UNIQUE,
    -- Instants are integer milliseconds since the epoch (UTC).
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER
  ) STRICT;

  -- Keyset pagination for every sort: (sort value, id) so ties are ordered.
  -- NULLs are mapped to sentinels (never expires = last, never used = first)
  -- because keyset comparisons cannot step over NULLs.
  CREATE INDEX keys_created_id  ON keys (created_at, id);
  CREATE INDEX keys_expires_id  ON keys (coalesce(expires_at, 9007199254740991), id);
  CREATE INDEX keys_name_id     ON keys (name, id);
  CREATE INDEX keys_last_used_id ON keys (coalesce(last_used_at, -1), id);

  -- Admin tokens live apart from key secrets, so a key can never act as one.
  CREATE TABLE admin_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('generated', 'env'))
  ) STRICT;
  `,
  // 2: SQLite seeks on a row value only over plain columns, not expressions,
  // so deep pages of sort=expiresAt/lastUsedAt scanned every tie (10 ms at
  // 100k keys). Virtual generated columns make them plain: 0.1 ms.
  `
  ALTER TABLE keys ADD COLUMN expires_sort INTEGER
    GENERATED ALWAYS AS (coalesce(expires_at, 9007199254740991)) VIRTUAL;
  ALTER TABLE keys ADD COLUMN last_used_sort INTEGER
    GENERATED ALWAYS AS (coalesce(last_used_at, -1)) VIRTUAL;
  DROP INDEX keys_expires_id;
  DROP INDEX keys_last_used_id;
  CREATE INDEX keys_expires_id   ON keys (expires_sort, id);
  CREATE INDEX keys_last_used_id ON keys (last_used_sort, id);
  `,
  // 3: Idempotency-Key records for create and replace, remembered 24 h.
  // Scoped by the admin token's hash so two admins' keys never collide. The
  // secret is not here: a replay can only say which key was made.
  `
  CREATE TABLE idempotency (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    -- SHA-256 of the endpoint + canonical request body.
    request_hash TEXT NOT NULL,
    key_id       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, idem_key)
  ) STRICT, WITHOUT ROWID;
  -- Lazy pruning deletes by age through this index.
  CREATE INDEX idempotency_created ON idempotency (created_at);
  `,
  // 4: servers before the shared instant range stored expiries past
  // 9999-12-31T23:59:59.999Z (e.g. "9999-12-31T23:59:59.999-23:59"), which
  // no client can parse. Clamp them to the last valid instant: an expiry only
  // ever moves earlier, never later.
  `
  UPDATE keys SET expires_at = 253402300799999 WHERE expires_at > 253402300799999;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDb(path: string): Db {
  if (path !== ':memory:') preparePrivateDb(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a 201 means the key is on disk, even across a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Upgrades to `target` (the latest by default; tests stop earlier to build old files). */
export function migrate(db: Db, target: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new Error('Could not read the database schema version.');
  if (current > SCHEMA_VERSION) {
    throw new Error(`Database schema version ${current} is newer than this server understands (${SCHEMA_VERSION}).`);
  }
  for (let version = current; version < target; version++) {
    const sql = MIGRATIONS[version];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Fold the WAL into the main file and close, so a stopped server leaves one tidy file. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
