// People, made the way an operator makes them: the admins CLI code on its own
// connection to the live server's database (a SQLite file or a postgres URL).
import { expect } from 'vitest';
import { runAdmins } from '../../../server/admins-cli';
import type { TestServer } from '../helpers';

export interface TestAdmin {
  id: number;
  token: string;
}

/** Runs `admins …` against the server's database; fails the test on a non-zero exit. */
async function admins(server: Pick<TestServer, 'dbPath'>, args: string[]): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  expect(
    await runAdmins(
      [...args, '--db', server.dbPath],
      (l) => out.push(l),
      (l) => err.push(l),
    ),
    err.join('\n'),
  ).toBe(0);
  return { out, err };
}

/** The id from "Added admin <id>: …" on stderr. */
function addedId(err: readonly string[]): number | undefined {
  const id = /^Added admin (\d+):/.exec(err[0] ?? '')?.[1];
  return id === undefined ? undefined : Number(id);
}

/** A person with a personal token (printed once, alone on stdout). */
export async function addAdmin(
  server: Pick<TestServer, 'dbPath'>,
  role: 'viewer' | 'admin',
  name = `${role} person`,
  email?: string,
): Promise<TestAdmin> {
  const args = ['add', '--name', name, '--role', role];
  if (email !== undefined) args.push('--email', email);
  const { out, err } = await admins(server, args);
  const id = addedId(err);
  if (out.length !== 1 || id === undefined) throw new Error(`admins add: unexpected output ${JSON.stringify({ out, err })}`);
  return { id, token: out[0]! };
}

/** An SSO-only person (`admins add --sso`): no token is printed. Returns the new admin's id. */
export async function addSsoAdmin(server: Pick<TestServer, 'dbPath'>, email: string, role: 'viewer' | 'admin', name?: string): Promise<number> {
  const args = ['add', '--sso', '--email', email, '--role', role];
  if (name !== undefined) args.push('--name', name);
  const { out, err } = await admins(server, args);
  expect(out).toEqual([]); // no token for an SSO-only person
  const id = addedId(err);
  if (id === undefined) throw new Error(`admins add --sso: unexpected output ${JSON.stringify(err)}`);
  return id;
}

export async function revokeAdmin(server: Pick<TestServer, 'dbPath'>, id: number): Promise<void> {
  await admins(server, ['revoke', String(id)]);
}
