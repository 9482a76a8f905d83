// The PostgreSQL store, on the `postgres` driver (porsager/postgres): a pool,
// prepared statements by default, connect/idle timeouts, pure JavaScript (no
// native build next to better-sqlite3's). Same contract and same answers as
// sqlite.ts; several server nodes may share one database.
import postgres, { type Sql, type TransactionSql } from 'postgres';
import type { ListSort } from '../../lib/shared/contract/list-query';
import type {
  AdminIdentity,
  AdminRow,
  AuditListParams,
  AuditRow,
  IdempotencyRow,
  KeyRow,
  ListParams,
  ListedRow,
  NewAuditEvent,
  SharedAuthFailures,
  SsoAdminRow,
  Store,
  StoreOps,
} from './interface';
import { migratePostgres, nocase } from './postgres-migrations';

export interface PostgresStoreOptions {
  /** Connections per node. */
  max?: number;
  /** Seconds to wait for a connection before the request fails (503). */
  connectTimeout?: number;
  /** Milliseconds any one statement may run before the server cancels it. */
  statementTimeoutMs?: number;
}

const COLUMNS = 'id, name, hint, created_at, expires_at, last_used_at, created_by_id, created_by_name';
const AUDIT_COLUMNS =
  'id, at, actor_id, actor_name, actor_email, actor_method, action, key_id, key_name, key_hint, details, client_address, user_agent, request_id';
const BOOTSTRAP_ADMIN_ID = 1;

const SORT_COLUMNS: Readonly<Record<ListSort, { column: string; type: 'bigint' | 'text' }>> = {
  createdAt: { column: 'created_at', type: 'bigint' },
  expiresAt: { column: 'expires_sort', type: 'bigint' },
  name: { column: 'name_sort', type: 'text' },
  lastUsedAt: { column: 'last_used_sort', type: 'bigint' },
};

/** Same walk as SQLite's buildListSql, with positional parameters. */
function listQuery(p: ListParams): { text: string; params: (string | number)[] } {
  const { column, type } = SORT_COLUMNS[p.sort];
  const dir = p.order === 'desc' ? 'DESC' : 'ASC';
  const params: (string | number)[] = [];
  const param = (value: string | number, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const where: string[] = [];
  if (p.after) {
    const id = param(p.after.id, 'text');
    // Names: the cursor row's stored sort key when it still exists (see sqlite.ts).
    const value =
      p.sort === 'name'
        ? `coalesce((SELECT name_sort FROM keys WHERE id = ${id}), ${nocase(param(String(p.after.value), 'text'))}) COLLATE "C"`
        : param(p.after.value, type);
    where.push(`(${column}, id) ${p.order === 'desc' ? '<' : '>'} (${value}, ${id})`);
  }
  if (p.status === 'active') where.push(`(expires_at IS NULL OR expires_at > ${param(p.now, 'bigint')})`);
  if (p.status === 'expired') where.push(`expires_at <= ${param(p.now, 'bigint')}`);
  if (p.expiresBefore !== undefined) where.push(`expires_at < ${param(p.expiresBefore, 'bigint')}`);
  const sortValue = p.sort === 'name' ? 'name' : column;
  const text =
    `SELECT ${COLUMNS}, ${sortValue} AS sort_value FROM keys` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${column} ${dir}, id ${dir} LIMIT ${param(p.limit, 'bigint')}`;
  return { text, params };
}

function auditQuery(p: AuditListParams): { text: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const param = (value: string | number, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const where: string[] = [];
  if (p.keyId !== undefined) where.push(`key_id = ${param(p.keyId, 'text')}`);
  if (p.actorId !== undefined) where.push(`actor_id = ${param(p.actorId, 'bigint')}`);
  if (p.action !== undefined) where.push(`action = ${param(p.action, 'text')}`);
  if (p.before !== undefined) where.push(`at < ${param(p.before, 'bigint')}`);
  if (p.since !== undefined) where.push(`at >= ${param(p.since, 'bigint')}`);
  if (p.after) where.push(`(at, id) < (${param(p.after.at, 'bigint')}, ${param(p.after.id, 'bigint')})`);
  const text = `SELECT ${AUDIT_COLUMNS} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${param(p.limit, 'bigint')}`;
  return { text, params };
}

/**
 * The operations over one connection source: the pool, or one transaction.
 * `inTx`: reads of a key inside a transaction lock its row (FOR UPDATE), so
 * two nodes changing one key take turns instead of both acting on a stale read.
 */
function pgOps(sql: Sql | TransactionSql, inTx: boolean): StoreOps {
  const lock = inTx ? ' FOR UPDATE' : '';
  const one = async <T>(rows: Promise<readonly T[]>): Promise<T | undefined> => (await rows)[0];
  // Statements built as text: still prepared once per connection, then reused.
  const q = <T extends object>(text: string, params: (string | number)[]): Promise<T[]> =>
    sql.unsafe<T[]>(text, params, { prepare: true }).then((rows) => [...rows]);
  const findAdmin = async (hash: string): Promise<AdminIdentity | undefined> => {
    const personal = await one(sql<AdminIdentity[]>`SELECT id, name, email, role FROM admins WHERE token_hash = ${hash} AND revoked_at IS NULL`);
    if (personal) return personal;
    // One round trip for the bootstrap case: the token exists and admin 1 is not revoked.
    return one(
      sql<AdminIdentity[]>`SELECT id, name, email, role FROM admins
        WHERE id = ${BOOTSTRAP_ADMIN_ID} AND revoked_at IS NULL
          AND EXISTS (SELECT 1 FROM admin_tokens WHERE token_hash = ${hash})`,
    );
  };
  return {
    setExpiry: (id, at) => one(q<KeyRow>(`UPDATE keys SET expires_at = $1 WHERE id = $2 RETURNING ${COLUMNS}`, [at, id])),
    getIdempotency: (scope, key) =>
      one(sql<IdempotencyRow[]>`SELECT request_hash, key_id, created_at FROM idempotency WHERE scope = ${scope} AND idem_key = ${key}`),
    async addIdempotency(scope, key, hash, keyId, at) {
      await sql`INSERT INTO idempotency (scope, idem_key, request_hash, key_id, created_at) VALUES (${scope}, ${key}, ${hash}, ${keyId}, ${at})`;
    },
    async pruneIdempotency(cutoff) {
      await sql`DELETE FROM idempotency WHERE created_at <= ${cutoff}`;
    },
    async insertKey(key) {
      await sql`INSERT INTO keys (id, name, hint, secret_hash, created_at, expires_at, created_by_id, created_by_name)
        VALUES (${key.id}, ${key.name}, ${key.hint}, ${key.secretHash}, ${key.createdAt}, ${key.expiresAt},
                ${key.createdBy?.id ?? null}, ${key.createdBy?.name ?? null})`;
    },
    getKey: (id) => one(q<KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE id = $1${lock}`, [id])),
    findKeyBySecretHash: (hash) => one(q<KeyRow>(`SELECT ${COLUMNS} FROM keys WHERE secret_hash = $1`, [hash])),
    renameKey: (id, name) => one(q<KeyRow>(`UPDATE keys SET name = $1 WHERE id = $2 RETURNING ${COLUMNS}`, [name, id])),
    async deleteKey(id) {
      return (await sql`DELETE FROM keys WHERE id = ${id}`).count > 0;
    },
    async countKeys() {
      const [row] = await sql<{ n: number }[]>`SELECT count(*)::bigint AS n FROM keys`;
      return row?.n ?? 0;
    },
    async listKeys(p) {
      const query = listQuery(p);
      return q<ListedRow>(query.text, query.params);
    },
    findAdminByTokenHash: findAdmin,
    isAdminTokenHash: async (hash) => (await findAdmin(hash)) !== undefined,
    async addAdmin(a) {
      const [row] = await sql<{ id: number }[]>`INSERT INTO admins (name, email, role, token_hash, created_at)
        VALUES (${a.name}, ${a.email}, ${a.role}, ${a.tokenHash}, ${a.createdAt}) RETURNING id`;
      if (!row) throw new Error('addAdmin: no id returned');
      return row.id;
    },
    listAdmins: () =>
      sql<AdminRow[]>`SELECT id, name, email, role, created_at, revoked_at,
          CASE WHEN id = ${BOOTSTRAP_ADMIN_ID} THEN 'bootstrap' WHEN token_hash IS NOT NULL THEN 'token' ELSE 'sso' END AS signs_in_with
        FROM admins ORDER BY id`,
    revokeAdmin: (id, at) =>
      one(sql<AdminIdentity[]>`UPDATE admins SET revoked_at = ${at} WHERE id = ${id} AND revoked_at IS NULL RETURNING id, name, email, role`),
    async recordAudit(e: NewAuditEvent) {
      await sql`INSERT INTO audit_events (at, actor_id, actor_name, actor_email, actor_method, action, key_id, key_name, key_hint, details, client_address, user_agent, request_id)
        VALUES (${e.at}, ${e.actor?.id ?? null}, ${e.actor?.name ?? null}, ${e.actor?.email ?? null}, ${e.actor?.method ?? null}, ${e.action},
                ${e.key?.id ?? null}, ${e.key?.name ?? null}, ${e.key?.hint ?? null}, ${e.details === null ? null : JSON.stringify(e.details)},
                ${e.clientAddress}, ${e.userAgent}, ${e.requestId})`;
    },
    async listAudit(p) {
      const query = auditQuery(p);
      return q<AuditRow>(query.text, query.params);
    },
    async addAdminTokenHash(hash, source, at) {
      await sql`INSERT INTO admin_tokens (token_hash, created_at, source) VALUES (${hash}, ${at}, ${source}) ON CONFLICT (token_hash) DO NOTHING`;
    },
    async countAdminTokens() {
      const [row] = await sql<{ n: number }[]>`SELECT count(*)::bigint AS n FROM admin_tokens`;
      return row?.n ?? 0;
    },
    // The email index is on nocase(email), so the lookup and the conflict target use the same expression.
    findAdminByEmail: (email) =>
      one(
        sql.unsafe<SsoAdminRow[]>(
          `SELECT id, name, email, role, revoked_at, (token_hash IS NOT NULL)::int AS has_token FROM admins WHERE ${nocase('email')} = ${nocase('$1')}`,
          [email],
        ),
      ),
    async saveSsoAdmin(a) {
      await sql.unsafe(
        `INSERT INTO admins (name, email, role, token_hash, created_at) VALUES ($1, $2, $3, NULL, $4)
           ON CONFLICT ((${nocase('email')})) DO UPDATE SET name = excluded.name, role = excluded.role
           WHERE admins.token_hash IS NULL AND admins.id <> ${BOOTSTRAP_ADMIN_ID}
             AND (admins.name IS DISTINCT FROM excluded.name OR admins.role IS DISTINCT FROM excluded.role)`,
        [a.name, a.email, a.role, a.at],
      );
    },
  };
}

let recorded = 0;

/**
 * One statement upserts both counters (the credential's failures, the
 * address's distinct failed credentials) in fixed windows and returns them.
 * The table is UNLOGGED (migration 2). Stale windows are pruned now and then.
 */
function sharedAuthFailures(sql: Sql): SharedAuthFailures {
  return {
    async record(f) {
      const expired = (t: string) => `${t}.window_start + $5::bigint <= $4::bigint`;
      const [row] = await sql.unsafe<{ c_start: number; c_failures: number; a_start: number; a_distinct: number }[]>(
        `WITH c AS (
           INSERT INTO auth_failures AS t (scope, kind, subject, window_start, failures) VALUES ($1, 'credential', $3, $4, 1)
           ON CONFLICT (scope, kind, subject) DO UPDATE SET
             window_start = CASE WHEN ${expired('t')} THEN $4 ELSE t.window_start END,
             failures     = CASE WHEN ${expired('t')} THEN 1 ELSE t.failures + 1 END
           RETURNING window_start, failures
         ), a AS (
           INSERT INTO auth_failures AS t (scope, kind, subject, window_start, failures, credentials) VALUES ($1, 'address', $2, $4, 1, ARRAY[$3::text])
           ON CONFLICT (scope, kind, subject) DO UPDATE SET
             window_start = CASE WHEN ${expired('t')} THEN $4 ELSE t.window_start END,
             failures     = CASE WHEN ${expired('t')} THEN 1 ELSE t.failures + 1 END,
             credentials  = CASE WHEN ${expired('t')} THEN ARRAY[$3::text]
                                 WHEN $3::text = ANY (t.credentials) OR cardinality(t.credentials) >= $6::int THEN t.credentials
                                 ELSE t.credentials || $3::text END
           RETURNING window_start, cardinality(credentials) AS distinct_count
         )
         SELECT c.window_start AS c_start, c.failures AS c_failures, a.window_start AS a_start, a.distinct_count AS a_distinct FROM c, a`,
        [f.scope, f.address, f.credentialHash, f.now, f.windowMs, f.maxDistinct],
        { prepare: true },
      );
      if (!row) throw new Error('auth_failures: no counts returned');
      if (++recorded % 500 === 0) await sql`DELETE FROM auth_failures WHERE window_start + ${f.windowMs} <= ${f.now}`;
      return {
        credential: { start: Number(row.c_start), failures: Number(row.c_failures) },
        address: { start: Number(row.a_start), distinct: Number(row.a_distinct) },
      };
    },
  };
}

// Two nodes racing one Idempotency-Key both insert; the loser's insert waits
// for the winner's commit and fails on the primary key. Run again, its claim()
// then finds the winner's record and replays it. Deadlocks and serialization
// failures are retried the same way.
const RETRIED = new Set(['23505', '40001', '40P01']);
const ATTEMPTS = 3;

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  /** The pool, for tooling that needs SQL of its own (tests, the shared rate limiter). */
  readonly sql: Sql;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeout ?? 5,
    idle_timeout: 60,
    // The driver's default backoff grows to 20 s between reconnects while the
    // database is down, and queries queue meanwhile: a hang, not a 503. Cap it
    // at 250 ms, so a request waits that long at most before its own connect
    // attempt fails (refused: at once; black-holed: connect_timeout).
    backoff: (retries: number) => Math.min(0.05 * retries, 0.25),
    max_lifetime: 30 * 60,
    onnotice: () => undefined,
    // Milliseconds (int8) and counts as JavaScript numbers, like better-sqlite3 gives them.
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    connection: {
      application_name: 'workbase-api-keys',
      statement_timeout: options.statementTimeoutMs ?? 5000,
      // A transaction left open by a stuck node must not hold row locks forever.
      idle_in_transaction_session_timeout: 30_000,
    },
  });
  try {
    await migratePostgres(sql);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
  const ops = pgOps(sql, false);
  return {
    ...ops,
    kind: 'postgres',
    sql,
    authFailures: sharedAuthFailures(sql),
    async atomically<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await sql.begin((tx) => fn(pgOps(tx, true)))) as T;
        } catch (error) {
          const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
          if (!RETRIED.has(code) || attempt >= ATTEMPTS) throw error;
        }
      }
    },
    async touchKeys(uses) {
      if (uses.length === 0) return;
      // One statement for the whole batch; `<`: a use flushed late (or by a
      // slower node) never moves lastUsedAt backwards.
      await sql`UPDATE keys SET last_used_at = u.at
        FROM unnest(${sql.array(uses.map((u) => u.id))}::text[], ${sql.array(uses.map((u) => String(u.at)))}::bigint[]) AS u(id, at)
        WHERE keys.id = u.id AND (keys.last_used_at IS NULL OR keys.last_used_at < u.at)`;
    },
    async ping() {
      await sql`SELECT 1`;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
