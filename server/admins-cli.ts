// `npm run server -- admins add|list|revoke`: managing the people who may use
// the admin API. Safe while a server runs on the same file (SQLite WAL, one
// IMMEDIATE transaction per change), and the server reads admins on every
// request, so a revocation holds from the next request on.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { formatInstant } from '../lib/shared/contract/schemas';
import { AdminRole } from '../lib/shared/contract/audit';
import { generateAdminToken } from './admin-token';
import type { AuditActor } from './store';
import { Store } from './store';
import { openDb } from './db';
import { sha256Hex } from './keys';

const ADMINS_USAGE = `Usage: tsx server/cli.ts admins <command> [--db .data/keys.db]

  admins add --name NAME [--email EMAIL] --role viewer|admin
                 prints the new admin's personal token once, alone on its own line
  admins add --sso --email EMAIL [--name NAME] --role viewer|admin
                 an SSO-only person: no token; they sign in with the organization's
                 provider, and an access token with this email gets this role
  admins list    id, name, email, role, how they sign in (never a token)
  admins revoke ID
                 their token is refused from the next request on`;

const NAME_MAX = 100;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

class UsageError extends Error {}

/** Who ran the command, as the audit log records it. */
function cliActor(): AuditActor {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the placeholder
  }
  return { id: null, name: `${user} (command line)`, email: null, method: 'cli' };
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        db: { type: 'string', default: '.data/keys.db' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        sso: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function add(
  store: Store,
  values: { name?: string | undefined; email?: string | undefined; role?: string | undefined; sso?: boolean | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): void {
  const sso = values.sso === true;
  if (sso && values.email === undefined) throw new UsageError('--sso needs --email: an SSO sign-in is matched to this person by email.');
  // SSO-only: the name defaults to the email until their access token's name claim is seen.
  const name = (values.name ?? (sso ? values.email : undefined))?.trim() ?? '';
  if (name === '' || name.length > NAME_MAX || CONTROL.test(name))
    throw new UsageError(`--name is required: 1–${NAME_MAX} characters, no control characters.`);
  const email = values.email === undefined ? null : values.email.trim();
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) throw new UsageError(`--email "${email}" is not an email address.`);
  const role = AdminRole.safeParse(values.role);
  if (!role.success || role.data === 'owner') throw new UsageError('--role must be viewer or admin (owner is the bootstrap admin only).');
  const token = sso ? null : generateAdminToken();
  const now = Date.now();
  let id: number;
  try {
    id = store.atomically(() => {
      const newId = store.addAdmin({ name, email, role: role.data, tokenHash: token === null ? null : sha256Hex(token), createdAt: now });
      store.recordAudit({
        at: now,
        actor: cliActor(),
        action: token === null ? 'admin.sso_added' : 'admin.token_created',
        key: null,
        details: { adminId: newId, name, email, role: role.data },
        clientAddress: null,
        userAgent: null,
        requestId: null,
      });
      return newId;
    });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new UsageError(`An admin with the email ${email ?? ''} already exists (see admins list).`);
    }
    throw error;
  }
  const who = `${name}${email === null || email === name ? '' : ` <${email}>`}`;
  if (token === null) {
    err(`Added admin ${id}: ${who}, role ${role.data}, SSO only: they sign in with the organization's provider as ${email ?? ''}.`);
    return;
  }
  err(`Added admin ${id}: ${who}, role ${role.data}. Their personal token follows, shown only this once:`);
  out(token);
}

function list(store: Store, out: (line: string) => void): void {
  const how = { bootstrap: 'bootstrap token (WORKBASE_ADMIN_TOKEN / generated)', token: 'personal token', sso: 'SSO only' } as const;
  const rows = store
    .listAdmins()
    .map((a) => [
      String(a.id),
      a.name,
      a.email ?? '-',
      a.role,
      how[a.signs_in_with],
      a.revoked_at === null ? 'active' : `revoked ${formatInstant(a.revoked_at)}`,
    ]);
  const table = [['ID', 'NAME', 'EMAIL', 'ROLE', 'SIGNS IN WITH', 'STATUS'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table)
    out(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

function revoke(store: Store, idText: string | undefined, err: (line: string) => void): void {
  if (idText === undefined || !/^[1-9]\d{0,15}$/.test(idText)) throw new UsageError('admins revoke needs an admin id (see admins list).');
  const id = Number(idText);
  if (id === 1) {
    throw new UsageError('Admin 1 is the bootstrap admin: its tokens come from WORKBASE_ADMIN_TOKEN or the first start, not from admins add.');
  }
  const now = Date.now();
  const revoked = store.atomically(() => {
    const admin = store.revokeAdmin(id, now);
    if (admin) {
      store.recordAudit({
        at: now,
        actor: cliActor(),
        action: 'admin.token_revoked',
        key: null,
        details: { adminId: admin.id, name: admin.name, email: admin.email, role: admin.role },
        clientAddress: null,
        userAgent: null,
        requestId: null,
      });
    }
    return admin;
  });
  if (!revoked) throw new UsageError(`No active admin with id ${id} (see admins list).`);
  err(`Revoked admin ${id} (${revoked.name}): their token is refused from the next request on.`);
}

/** Runs one admins command; returns the exit code (0 ok, 2 usage or refused, 1 failure). */
export function runAdmins(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  let store: Store | undefined;
  let db: ReturnType<typeof openDb> | undefined;
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (command !== 'add' && command !== 'list' && command !== 'revoke') throw new UsageError(ADMINS_USAGE);
    if (command !== 'revoke' && rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".\n${ADMINS_USAGE}`);
    if (command !== 'add' && ((values.name ?? values.email ?? values.role) !== undefined || values.sso)) {
      throw new UsageError(`--name, --email, --role and --sso belong to admins add.`);
    }
    db = openDb(values.db);
    store = new Store(db);
    if (command === 'add') add(store, values, out, err);
    else if (command === 'list') list(store, out);
    else revoke(store, rest[0], err);
    return 0;
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    // A plain close, not closeDb's TRUNCATE checkpoint: that would hold off the
    // running server's writers while it waits for their readers. The server
    // (or the last connection to close) folds the WAL in.
    db?.close();
  }
}
