// People with personal tokens, made the way an operator makes them: the
// admins CLI code on its own connection to the live server's database file.
import { expect } from 'vitest';
import { runAdmins } from '../../../server/admins-cli';
import type { TestServer } from '../helpers';

export interface TestAdmin {
  id: number;
  token: string;
}

export async function addAdmin(
  server: Pick<TestServer, 'dbPath'>,
  role: 'viewer' | 'admin',
  name = `${role} person`,
  email?: string,
): Promise<TestAdmin> {
  const out: string[] = [];
  const err: string[] = [];
  const args = ['add', '--name', name, '--role', role, '--db', server.dbPath];
  if (email !== undefined) args.push('--email', email);
  expect(
    await runAdmins(
      args,
      (l) => out.push(l),
      (l) => err.push(l),
    ),
    err.join('\n'),
  ).toBe(0);
  const id = /^Added admin (\d+):/.exec(err[0] ?? '')?.[1];
  if (out.length !== 1 || id === undefined) throw new Error(`admins add: unexpected output ${JSON.stringify({ out, err })}`);
  return { id: Number(id), token: out[0]! };
}

export async function revokeAdmin(server: Pick<TestServer, 'dbPath'>, id: number): Promise<void> {
  const err: string[] = [];
  expect(
    await runAdmins(
      ['revoke', String(id), '--db', server.dbPath],
      () => undefined,
      (l) => err.push(l),
    ),
    err.join('\n'),
  ).toBe(0);
}
