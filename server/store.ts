// All SQL lives here, as prepared statements. Handlers never build SQL; the
// only dynamic part (list sort/filter) is assembled from a fixed vocabulary.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import type { ListOrder, ListSort } from '../lib/shared/contract/list-query';

export interface KeyRow {
  id: string;
  name: string;
  hint: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

export interface NewKey {
  id: string;
  name: string;
  hint: string;
  secretHash: string;
  createdAt: number;
  expiresAt: number | null;
}

/** Where the previous page ended: the last row's sort value and id. */
export interface ListPosition {
  value: number | string;
  id: string;
}

export interface ListParams {
  sort: ListSort;
  order: ListOrder;
  after: ListPosition | null;
  status: 'active' | 'expired' | undefined;
  expiresBefore: number | undefined;
  now: number;
  limit: number;
}

export type ListedRow = KeyRow & { sort_value: number | string };

export interface IdempotencyRow {
  request_hash: string;
  key_id: string;
  created_at: number;
}

// Each sort is a column with an index on (column, id) in db.ts, so the planner
// seeks and walks the index instead of sorting (100k keys stay fast). NULL
// expiry/last use are mapped to sentinels by generated columns.
export const SORT_EXPRESSIONS: Readonly<Record<ListSort, string>> = {
  createdAt: 'created_at',
  expiresAt: 'expires_sort',
  name: 'name',
  lastUsedAt: 'last_used_sort',
};

const COLUMNS = 'id, name, hint, created_at, expires_at, last_used_at';

export function buildListSql(p: Pick<ListParams, 'sort' | 'order' | 'status' | 'expiresBefore'> & { hasCursor: boolean }): string {
  const expr = SORT_EXPRESSIONS[p.sort];
  const dir = p.order === 'desc' ? 'DESC' : 'ASC';
  const where: string[] = [];
  // Row-value comparison: SQLite seeks straight to the cursor in the index.
  // For names the bound is the cursor row's value as stored, not as sent back:
  // a name written by an older server can hold bytes (invalid UTF-8) that no
  // JS string re-encodes to, and a bound that is not the row's own value
  // skips rows or repeats them forever. With the stored value, each page
  // starts strictly after the last row returned, in a total order on
  // (value, id): the walk advances every page, so it ends. If the cursor's
  // row was deleted since, the value carried in the cursor is used instead.
  const bound = p.sort === 'name' ? `coalesce((SELECT name FROM keys WHERE id = @afterId), @afterValue)` : '@afterValue';
  if (p.hasCursor) where.push(`(${expr}, id) ${p.order === 'desc' ? '<' : '>'} (${bound}, @afterId)`);
  if (p.status === 'active') where.push('(expires_at IS NULL OR expires_at > @now)');
  if (p.status === 'expired') where.push('expires_at <= @now');
  if (p.expiresBefore !== undefined) where.push('expires_at < @expiresBefore');
  return (
    `SELECT ${COLUMNS}, ${expr} AS sort_value FROM keys` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${expr} ${dir}, id ${dir} LIMIT @limit`
  );
}

// The two credential lookups; exported so a test EXPLAINs these exact statements (they must hit the unique indexes).
export const KEY_BY_SECRET_HASH_SQL = `SELECT ${COLUMNS} FROM keys WHERE secret_hash = ?`;
export const ADMIN_BY_TOKEN_HASH_SQL = 'SELECT 1 AS ok FROM admin_tokens WHERE token_hash = ?';

export class Store {
  private readonly db: Db;
  private readonly listStatements = new Map<string, Statement>();
  private readonly insertKeyStmt: Statement;
  private readonly getKeyStmt: Statement<[string]>;
  private readonly byHashStmt: Statement<[string]>;
  private readonly renameStmt: Statement<[string, string]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly touchStmt: Statement<[number, string]>;
  private readonly countStmt: Statement<[]>;
  private readonly adminByHashStmt: Statement<[string]>;
  private readonly adminInsertStmt: Statement<[string, number, string]>;
  private readonly adminCountStmt: Statement<[]>;
  private readonly expireStmt: Statement<[number, string]>;
  private readonly idemGetStmt: Statement<[string, string]>;
  private readonly idemInsertStmt: Statement<[string, string, string, string, number]>;
  private readonly idemPruneStmt: Statement<[number]>;

  constructor(db: Db) {
    this.db = db;
    this.insertKeyStmt = db.prepare(
      `INSERT INTO keys (id, name, hint, secret_hash, created_at, expires_at)
       VALUES (@id, @name, @hint, @secretHash, @createdAt, @expiresAt)`,
    );
    this.getKeyStmt = db.prepare(`SELECT ${COLUMNS} FROM keys WHERE id = ?`);
    this.byHashStmt = db.prepare(KEY_BY_SECRET_HASH_SQL);
    this.renameStmt = db.prepare(`UPDATE keys SET name = ? WHERE id = ? RETURNING ${COLUMNS}`);
    this.deleteStmt = db.prepare('DELETE FROM keys WHERE id = ?');
    this.touchStmt = db.prepare('UPDATE keys SET last_used_at = ? WHERE id = ?');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM keys');
    this.adminByHashStmt = db.prepare(ADMIN_BY_TOKEN_HASH_SQL);
    this.adminInsertStmt = db.prepare(
      'INSERT INTO admin_tokens (token_hash, created_at, source) VALUES (?, ?, ?) ON CONFLICT (token_hash) DO NOTHING',
    );
    this.adminCountStmt = db.prepare('SELECT count(*) AS n FROM admin_tokens');
    this.expireStmt = db.prepare(`UPDATE keys SET expires_at = ? WHERE id = ? RETURNING ${COLUMNS}`);
    this.idemGetStmt = db.prepare('SELECT request_hash, key_id, created_at FROM idempotency WHERE scope = ? AND idem_key = ?');
    this.idemInsertStmt = db.prepare('INSERT INTO idempotency (scope, idem_key, request_hash, key_id, created_at) VALUES (?, ?, ?, ?, ?)');
    this.idemPruneStmt = db.prepare('DELETE FROM idempotency WHERE created_at <= ?');
  }

  /**
   * Runs fn in one IMMEDIATE transaction: the write lock is taken before the
   * first read, so check-then-insert cannot race another connection.
   */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  setExpiry(id: string, at: number): KeyRow | undefined {
    return this.expireStmt.get(at, id) as KeyRow | undefined;
  }

  getIdempotency(scope: string, idemKey: string): IdempotencyRow | undefined {
    return this.idemGetStmt.get(scope, idemKey) as IdempotencyRow | undefined;
  }

  addIdempotency(scope: string, idemKey: string, requestHash: string, keyId: string, at: number): void {
    this.idemInsertStmt.run(scope, idemKey, requestHash, keyId, at);
  }

  /** Forgets records created at or before `cutoff`. */
  pruneIdempotency(cutoff: number): void {
    this.idemPruneStmt.run(cutoff);
  }

  insertKey(key: NewKey): void {
    this.insertKeyStmt.run(key);
  }

  getKey(id: string): KeyRow | undefined {
    return this.getKeyStmt.get(id) as KeyRow | undefined;
  }

  /** Lookup by the unique index on secret_hash: no scan, no string compare in JS. */
  findKeyBySecretHash(secretHash: string): KeyRow | undefined {
    return this.byHashStmt.get(secretHash) as KeyRow | undefined;
  }

  renameKey(id: string, name: string): KeyRow | undefined {
    return this.renameStmt.get(name, id) as KeyRow | undefined;
  }

  deleteKey(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  touchKey(id: string, at: number): void {
    this.touchStmt.run(at, id);
  }

  countKeys(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  listKeys(p: ListParams): ListedRow[] {
    const sql = buildListSql({ ...p, hasCursor: p.after !== null });
    let stmt = this.listStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStatements.set(sql, stmt);
    }
    const params: Record<string, string | number> = { limit: p.limit };
    if (p.after) {
      params.afterValue = p.after.value;
      params.afterId = p.after.id;
    }
    if (p.status) params.now = p.now;
    if (p.expiresBefore !== undefined) params.expiresBefore = p.expiresBefore;
    return stmt.all(params) as ListedRow[];
  }

  isAdminTokenHash(tokenHash: string): boolean {
    return this.adminByHashStmt.get(tokenHash) !== undefined;
  }

  addAdminTokenHash(tokenHash: string, source: 'generated' | 'env', at: number): void {
    this.adminInsertStmt.run(tokenHash, at, source);
  }

  countAdminTokens(): number {
    return (this.adminCountStmt.get() as { n: number }).n;
  }
}
