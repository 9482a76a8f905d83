// All SQL lives here, as prepared statements. Handlers never build SQL; the
// only dynamic part (list sort/filter) is assembled from a fixed vocabulary.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import type { ListOrder, ListSort } from '../lib/shared/contract/list-query';
import type { AdminRole, AuditAction } from '../lib/shared/contract/audit';

export interface KeyRow {
  id: string;
  name: string;
  hint: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  created_by_id: number | null;
  created_by_name: string | null;
}

export interface KeyCreator {
  id: number;
  name: string;
}

export interface NewKey {
  id: string;
  name: string;
  hint: string;
  secretHash: string;
  createdAt: number;
  expiresAt: number | null;
  createdBy?: KeyCreator | null;
}

/** A person who may use the admin API, as authentication found them. */
export interface AdminIdentity {
  id: number;
  name: string;
  email: string | null;
  role: AdminRole;
}

export interface AdminRow extends AdminIdentity {
  /** 'bootstrap' (row 1: the admin_tokens), 'token' (personal), 'sso' (no token). */
  signs_in_with: 'bootstrap' | 'token' | 'sso';
  created_at: number;
  revoked_at: number | null;
}

export interface NewAuditEvent {
  at: number;
  actor: AuditActor | null;
  action: AuditAction;
  key: { id: string; name: string; hint: string } | null;
  details: Record<string, string | number | null> | null;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditActor {
  id: number | null;
  name: string;
  email: string | null;
  method: 'token' | 'sso' | 'cli';
}

export interface AuditRow {
  id: number;
  at: number;
  actor_id: number | null;
  actor_name: string | null;
  actor_email: string | null;
  actor_method: 'token' | 'sso' | 'cli' | null;
  action: AuditAction;
  key_id: string | null;
  key_name: string | null;
  key_hint: string | null;
  details: string | null;
  client_address: string | null;
  user_agent: string | null;
  request_id: string | null;
}

export interface AuditListParams {
  keyId: string | undefined;
  actorId: number | undefined;
  action: AuditAction | undefined;
  before: number | undefined;
  /** Events at or after this instant (GET /v1/audit?after=). */
  since?: number | undefined;
  after: { at: number; id: number } | null;
  limit: number;
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

const COLUMNS = 'id, name, hint, created_at, expires_at, last_used_at, created_by_id, created_by_name';

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
export const PERSONAL_ADMIN_BY_TOKEN_HASH_SQL = 'SELECT id, name, email, role FROM admins WHERE token_hash = ? AND revoked_at IS NULL';
const BOOTSTRAP_ADMIN_ID = 1;

const AUDIT_COLUMNS =
  'id, at, actor_id, actor_name, actor_email, actor_method, action, key_id, key_name, key_hint, details, client_address, user_agent, request_id';

/** Newest first over (at, id); each filter is an equality on the leading column of an index ending in (at, id). */
export function buildAuditSql(p: { keyId: boolean; actorId: boolean; action: boolean; before: boolean; since?: boolean; cursor: boolean }): string {
  const where: string[] = [];
  if (p.keyId) where.push('key_id = @keyId');
  if (p.actorId) where.push('actor_id = @actorId');
  if (p.action) where.push('action = @action');
  if (p.before) where.push('at < @before');
  if (p.since) where.push('at >= @since');
  if (p.cursor) where.push('(at, id) < (@afterAt, @afterId)');
  return `SELECT ${AUDIT_COLUMNS} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT @limit`;
}

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
  private readonly personalAdminStmt: Statement<[string]>;
  private readonly adminByIdStmt: Statement<[number]>;
  private readonly adminAddStmt: Statement;
  private readonly adminListStmt: Statement<[]>;
  private readonly adminRevokeStmt: Statement<[number, number]>;
  private readonly auditInsertStmt: Statement;
  private readonly auditStatements = new Map<string, Statement>();

  constructor(db: Db) {
    this.db = db;
    this.insertKeyStmt = db.prepare(
      `INSERT INTO keys (id, name, hint, secret_hash, created_at, expires_at, created_by_id, created_by_name)
       VALUES (@id, @name, @hint, @secretHash, @createdAt, @expiresAt, @createdById, @createdByName)`,
    );
    this.personalAdminStmt = db.prepare(PERSONAL_ADMIN_BY_TOKEN_HASH_SQL);
    this.adminByIdStmt = db.prepare('SELECT id, name, email, role, revoked_at FROM admins WHERE id = ?');
    this.adminAddStmt = db.prepare(
      'INSERT INTO admins (name, email, role, token_hash, created_at) VALUES (@name, @email, @role, @tokenHash, @createdAt) RETURNING id',
    );
    this.adminListStmt = db.prepare(
      `SELECT id, name, email, role, created_at, revoked_at,
         CASE WHEN id = ${BOOTSTRAP_ADMIN_ID} THEN 'bootstrap' WHEN token_hash IS NOT NULL THEN 'token' ELSE 'sso' END AS signs_in_with
       FROM admins ORDER BY id`,
    );
    this.adminRevokeStmt = db.prepare('UPDATE admins SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id, name, email, role');
    this.auditInsertStmt = db.prepare(
      `INSERT INTO audit_events (at, actor_id, actor_name, actor_email, actor_method, action, key_id, key_name, key_hint, details, client_address, user_agent, request_id)
       VALUES (@at, @actorId, @actorName, @actorEmail, @actorMethod, @action, @keyId, @keyName, @keyHint, @details, @clientAddress, @userAgent, @requestId)`,
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
    this.insertKeyStmt.run({
      id: key.id,
      name: key.name,
      hint: key.hint,
      secretHash: key.secretHash,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
      createdById: key.createdBy?.id ?? null,
      createdByName: key.createdBy?.name ?? null,
    });
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

  /**
   * The person a token belongs to, read from the database on every request
   * (no cache), so a revocation by the CLI wins on the very next request.
   * A personal token first; else a bootstrap token acts as admin 1.
   */
  findAdminByTokenHash(tokenHash: string): AdminIdentity | undefined {
    const personal = this.personalAdminStmt.get(tokenHash) as AdminIdentity | undefined;
    if (personal) return personal;
    if (this.adminByHashStmt.get(tokenHash) === undefined) return undefined;
    const bootstrap = this.adminByIdStmt.get(BOOTSTRAP_ADMIN_ID) as (AdminIdentity & { revoked_at: number | null }) | undefined;
    if (!bootstrap || bootstrap.revoked_at !== null) return undefined;
    return { id: bootstrap.id, name: bootstrap.name, email: bootstrap.email, role: bootstrap.role };
  }

  isAdminTokenHash(tokenHash: string): boolean {
    return this.findAdminByTokenHash(tokenHash) !== undefined;
  }

  addAdmin(a: { name: string; email: string | null; role: AdminRole; tokenHash: string | null; createdAt: number }): number {
    return (this.adminAddStmt.get(a) as { id: number }).id;
  }

  listAdmins(): AdminRow[] {
    return this.adminListStmt.all() as AdminRow[];
  }

  /** Undefined when there is no such active admin. */
  revokeAdmin(id: number, at: number): AdminIdentity | undefined {
    return this.adminRevokeStmt.get(at, id) as AdminIdentity | undefined;
  }

  recordAudit(e: NewAuditEvent): void {
    this.auditInsertStmt.run({
      at: e.at,
      actorId: e.actor?.id ?? null,
      actorName: e.actor?.name ?? null,
      actorEmail: e.actor?.email ?? null,
      actorMethod: e.actor?.method ?? null,
      action: e.action,
      keyId: e.key?.id ?? null,
      keyName: e.key?.name ?? null,
      keyHint: e.key?.hint ?? null,
      details: e.details === null ? null : JSON.stringify(e.details),
      clientAddress: e.clientAddress,
      userAgent: e.userAgent,
      requestId: e.requestId,
    });
  }

  listAudit(p: AuditListParams): AuditRow[] {
    const sql = buildAuditSql({
      keyId: p.keyId !== undefined,
      actorId: p.actorId !== undefined,
      action: p.action !== undefined,
      before: p.before !== undefined,
      since: p.since !== undefined,
      cursor: p.after !== null,
    });
    let stmt = this.auditStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.auditStatements.set(sql, stmt);
    }
    const params: Record<string, string | number> = { limit: p.limit };
    if (p.keyId !== undefined) params.keyId = p.keyId;
    if (p.actorId !== undefined) params.actorId = p.actorId;
    if (p.action !== undefined) params.action = p.action;
    if (p.before !== undefined) params.before = p.before;
    if (p.since !== undefined) params.since = p.since;
    if (p.after) {
      params.afterAt = p.after.at;
      params.afterId = p.after.id;
    }
    return stmt.all(params) as AuditRow[];
  }

  addAdminTokenHash(tokenHash: string, source: 'generated' | 'env', at: number): void {
    this.adminInsertStmt.run(tokenHash, at, source);
  }

  countAdminTokens(): number {
    return (this.adminCountStmt.get() as { n: number }).n;
  }

  // --- SSO (issue 12, wt-sso-server): the admins row of a person signed in with an access token, by email. ---

  private readonly ssoStatements = new Map<string, Statement>();
  private sso(sql: string): Statement {
    let stmt = this.ssoStatements.get(sql);
    if (!stmt) this.ssoStatements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  /** The admins row with this email (case-insensitive), revoked or not. */
  findAdminByEmail(email: string): (AdminIdentity & { revoked_at: number | null; has_token: 0 | 1 }) | undefined {
    return this.sso('SELECT id, name, email, role, revoked_at, token_hash IS NOT NULL AS has_token FROM admins WHERE email = ?').get(email) as
      (AdminIdentity & { revoked_at: number | null; has_token: 0 | 1 }) | undefined;
  }

  /**
   * Keeps an SSO-only person's row in step with their token's claims: made on
   * first sight (a stable id for the audit log), name and role updated when
   * they change. Rows with a personal token are never touched (that token's
   * role is the CLI's to set). Concurrent first requests: one insert wins.
   */
  saveSsoAdmin(a: { email: string; name: string; role: AdminRole; at: number }): void {
    this.sso(
      `INSERT INTO admins (name, email, role, token_hash, created_at) VALUES (@name, @email, @role, NULL, @at)
         ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role
         WHERE token_hash IS NULL AND id <> ${BOOTSTRAP_ADMIN_ID} AND (name IS NOT excluded.name OR role IS NOT excluded.role)`,
    ).run(a);
  }
  // --- end SSO ---
}
