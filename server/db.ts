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
  // 5: admins are people. Row 1 is the bootstrap owner: the tokens in
  // admin_tokens (WORKBASE_ADMIN_TOKEN, the generated one) act as it. Others
  // get a personal token (hashed like admin_tokens) or, later, none (SSO only).
  // Revoking sets revoked_at; rows are never deleted, so the audit log's
  // actor ids always resolve.
  `
  CREATE TABLE admins (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT COLLATE NOCASE UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'admin', 'owner')),
    token_hash  TEXT UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
  ) STRICT;
  INSERT INTO admins (id, name, email, role, token_hash, created_at) VALUES (1, 'Bootstrap admin', NULL, 'owner', NULL, 0);
  `,
  // 6: who made each key (denormalized: admins are never renamed, and the
  // list stays one table) and the append-only audit log. Newest first is
  // (at, id) descending; each filter has an index ending in (at, id), so every
  // page is a seek and a walk, never a sort.
  `
  ALTER TABLE keys ADD COLUMN created_by_id INTEGER;
  ALTER TABLE keys ADD COLUMN created_by_name TEXT;
  CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       INTEGER,
    actor_name     TEXT,
    actor_email    TEXT,
    actor_method   TEXT CHECK (actor_method IN ('token', 'cli')),
    action         TEXT NOT NULL,
    key_id         TEXT,
    key_name       TEXT,
    key_hint       TEXT,
    -- JSON object of strings/numbers: what changed (old and new name, …).
    details        TEXT,
    client_address TEXT,
    user_agent     TEXT,
    request_id     TEXT
  ) STRICT;
  CREATE INDEX audit_at     ON audit_events (at, id);
  CREATE INDEX audit_key    ON audit_events (key_id, at, id);
  CREATE INDEX audit_actor  ON audit_events (actor_id, at, id);
  CREATE INDEX audit_action ON audit_events (action, at, id);
  -- Append-only, enforced by the database rather than by convention.
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
  `,
  // 7: actors signed in with SSO (actor_method 'sso'). SQLite cannot change a
  // CHECK in place: copy into a table with the new CHECK, same columns,
  // indexes and append-only triggers (dropped first so the copy may go).
  `
  CREATE TABLE audit_events_v7 (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       INTEGER,
    actor_name     TEXT,
    actor_email    TEXT,
    actor_method   TEXT CHECK (actor_method IN ('token', 'sso', 'cli')),
    action         TEXT NOT NULL,
    key_id         TEXT,
    key_name       TEXT,
    key_hint       TEXT,
    details        TEXT,
    client_address TEXT,
    user_agent     TEXT,
    request_id     TEXT
  ) STRICT;
  INSERT INTO audit_events_v7 SELECT id, at, actor_id, actor_name, actor_email, actor_method, action, key_id, key_name, key_hint, details, client_address, user_agent, request_id FROM audit_events;
  DROP TRIGGER audit_events_no_update;
  DROP TRIGGER audit_events_no_delete;
  DROP TABLE audit_events;
  ALTER TABLE audit_events_v7 RENAME TO audit_events;
  CREATE INDEX audit_at     ON audit_events (at, id);
  CREATE INDEX audit_key    ON audit_events (key_id, at, id);
  CREATE INDEX audit_actor  ON audit_events (actor_id, at, id);
  CREATE INDEX audit_action ON audit_events (action, at, id);
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
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
