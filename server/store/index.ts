// The store a server runs on, chosen by where its data lives. Everything
// else imports the interface from here and never learns which one it got.
import { openDb } from '../db';
import type { Store } from './interface';
import { createSqliteStore } from './sqlite';

export * from './interface';
export {
  ADMIN_BY_TOKEN_HASH_SQL,
  KEY_BY_SECRET_HASH_SQL,
  PERSONAL_ADMIN_BY_TOKEN_HASH_SQL,
  SORT_EXPRESSIONS,
  buildAuditSql,
  buildListSql,
  createSqliteStore,
  type SqliteStore,
} from './sqlite';

/** Opens (creating and migrating as needed) the store at `location`: a SQLite file path. */
export async function openStore(location: string): Promise<Store> {
  return createSqliteStore(openDb(location));
}
