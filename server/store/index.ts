// The store a server runs on, chosen by where its data lives (a file path:
// SQLite; a postgres:// URL: PostgreSQL). Everything
// else imports the interface from here and never learns which one it got.
import { openDb } from '../db';
import type { Store } from './interface';
import { openPostgresStore, type PostgresStoreOptions } from './postgres';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite';

export * from './interface';
export {
  ADMIN_BY_TOKEN_HASH_SQL,
  KEY_BY_SECRET_HASH_SQL,
  PERSONAL_ADMIN_BY_TOKEN_HASH_SQL,
  SORT_EXPRESSIONS,
  buildAuditSql,
  buildListSql,
  createSqliteStore,
} from './sqlite';

/** A postgres:// or postgresql:// URL selects PostgreSQL; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens (creating and migrating as needed) the store at `location`. */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location, options) : createSqliteStore(openDb(location), options);
}

export interface OpenStoreOptions extends PostgresStoreOptions, SqliteStoreOptions {}
