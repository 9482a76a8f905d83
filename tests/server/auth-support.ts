// SSO-only people, made the way an operator makes them: `admins add --sso`
// on its own connection to the live server's database file.
import { expect } from 'vitest';
import { runAdmins } from '../../server/admins-cli';
import type { TestServer } from './helpers';

/** Returns the new admin's id. */
export function addSsoAdmin(server: Pick<TestServer, 'dbPath'>, email: string, role: 'viewer' | 'admin', name?: string): number {
  const out: string[] = [];
  const err: string[] = [];
  const args = ['add', '--sso', '--email', email, '--role', role, '--db', server.dbPath];
  if (name !== undefined) args.push('--name', name);
  expect(
    runAdmins(
      args,
      (l) => out.push(l),
      (l) => err.push(l),
    ),
    err.join('\n'),
  ).toBe(0);
  expect(out).toEqual([]); // no token for an SSO-only person
  const id = /^Added admin (\d+):/.exec(err[0] ?? '')?.[1];
  if (id === undefined) throw new Error(`admins add --sso: unexpected output ${JSON.stringify(err)}`);
  return Number(id);
}
