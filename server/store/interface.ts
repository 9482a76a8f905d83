// The store contract every backend implements (SQLite: sqlite.ts, PostgreSQL:
// postgres.ts). Asynchronous, because a networked database answers later; the
// routes never see SQL or which backend they run on.
import type { ListOrder, ListSort } from '../../lib/shared/contract/list-query';
import type { AdminRole, AuditAction } from '../../lib/shared/contract/audit';

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

/** A buffered lastUsedAt write (see last-used.ts). */
export interface KeyUse {
  id: string;
  at: number;
}

/** What can be done with the data, inside a transaction or outside one. */
/** An admins row as SSO sign-in reads it: has_token 1 when a personal token exists (then the CLI owns its role). */
export type SsoAdminRow = AdminIdentity & { revoked_at: number | null; has_token: 0 | 1 };

export interface StoreOps {
  setExpiry(id: string, at: number): Promise<KeyRow | undefined>;
  getIdempotency(scope: string, idemKey: string): Promise<IdempotencyRow | undefined>;
  addIdempotency(scope: string, idemKey: string, requestHash: string, keyId: string, at: number): Promise<void>;
  /** Forgets records created at or before `cutoff`. */
  pruneIdempotency(cutoff: number): Promise<void>;
  insertKey(key: NewKey): Promise<void>;
  getKey(id: string): Promise<KeyRow | undefined>;
  /** Lookup by the unique index on secret_hash: no scan, no string compare in JS. */
  findKeyBySecretHash(secretHash: string): Promise<KeyRow | undefined>;
  renameKey(id: string, name: string): Promise<KeyRow | undefined>;
  deleteKey(id: string): Promise<boolean>;
  countKeys(): Promise<number>;
  listKeys(p: ListParams): Promise<ListedRow[]>;
  /**
   * The person a token belongs to, read from the database on every request
   * (no cache), so a revocation by the CLI wins on the very next request.
   * A personal token first; else a bootstrap token acts as admin 1.
   */
  findAdminByTokenHash(tokenHash: string): Promise<AdminIdentity | undefined>;
  isAdminTokenHash(tokenHash: string): Promise<boolean>;
  addAdmin(a: { name: string; email: string | null; role: AdminRole; tokenHash: string | null; createdAt: number }): Promise<number>;
  listAdmins(): Promise<AdminRow[]>;
  /** Undefined when there is no such active admin. */
  revokeAdmin(id: number, at: number): Promise<AdminIdentity | undefined>;
  recordAudit(e: NewAuditEvent): Promise<void>;
  listAudit(p: AuditListParams): Promise<AuditRow[]>;
  addAdminTokenHash(tokenHash: string, source: 'generated' | 'env', at: number): Promise<void>;
  countAdminTokens(): Promise<number>;
  /** SSO: the admins row with this email (case-insensitive), revoked or not. */
  findAdminByEmail(email: string): Promise<SsoAdminRow | undefined>;
  /**
   * SSO with a role claim: keeps a person's row in step with their token's
   * claims (made on first sight for a stable audit id; name and role updated).
   * Rows with a personal token and the bootstrap row are never touched.
   * Concurrent first requests: one insert wins.
   */
  saveSsoAdmin(a: { email: string; name: string; role: AdminRole; at: number }): Promise<void>;
}

type StoreKind = 'sqlite' | 'postgres';

/** One failed authentication, counted where every node sees it. */
interface AuthFailure {
  /** 'admin' or 'key': the two limiters never share a budget. */
  scope: string;
  address: string;
  credentialHash: string;
  now: number;
  windowMs: number;
  /** Distinct credentials per address are tracked up to this many (the decision needs no more). */
  maxDistinct: number;
}

/** The shared counts after recording a failure, each with the start of its fixed window. */
interface AuthFailureCounts {
  credential: { start: number; failures: number };
  address: { start: number; distinct: number };
}

/** Failed-authentication counters shared by every node on one database (rate-limit.ts). */
export interface SharedAuthFailures {
  record(failure: AuthFailure): Promise<AuthFailureCounts>;
}

export interface Store extends StoreOps {
  readonly kind: StoreKind;
  /**
   * Runs fn in one transaction that holds the write lock (SQLite) or commits
   * as a unit (PostgreSQL). fn must use the `tx` it is given, never the store.
   */
  atomically<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /** Sets each key's lastUsedAt to `at` unless it already holds a later one (order-independent); one batch. */
  touchKeys(uses: readonly KeyUse[]): Promise<void>;
  /** Where several nodes share failed-authentication counts; null when one process owns the store (SQLite). */
  readonly authFailures: SharedAuthFailures | null;
  /** Resolves when the database answers a trivial query (the health check). */
  ping(): Promise<void>;
  /** Releases connections; SQLite also folds its WAL into the main file. */
  close(): Promise<void>;
}

// The database is unreachable or refusing work for now (restarting, down,
// overloaded): the driver's connection errors, SQLSTATE classes 08 (connection
// exception) and 57P (shutdown), too many connections, a statement timeout;
// SQLite: the file stayed locked past busy_timeout.
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '53300',
  '57014',
  '57P01',
  '57P02',
  '57P03',
  'SQLITE_BUSY',
]);

/** The store cannot answer now but may soon: the client gets 503 store_unavailable, not 500. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = String(error.code);
  return UNAVAILABLE.has(code) || code.startsWith('08');
}

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** A unique constraint refused the write (same meaning on both backends). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === '23505';
}
