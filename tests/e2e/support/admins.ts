// People with personal tokens for the end-to-end tests, made as an operator
// makes them: the admins command of the server's CLI, beside the running
// server, on its database file.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { RunningServer } from '../../../testkit/server';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface PersonalAdmin {
  id: number;
  name: string;
  token: string;
}

export function addAdmin(server: RunningServer, role: 'viewer' | 'admin', name: string, email?: string): PersonalAdmin {
  const args = ['--import', 'tsx', 'server/cli.ts', 'admins', 'add', '--name', name, '--role', role, '--db', path.join(server.dbDir, 'keys.db')];
  if (email !== undefined) args.push('--email', email);
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  // stdout: the token alone on its line; stderr: "Added admin <id>: …".
  const id = Number(/Added admin (\d+):/.exec(run.stderr)?.[1]);
  const token = run.stdout.trim();
  if (run.status !== 0 || !token || !Number.isInteger(id)) throw new Error(`admins add failed (${run.status}): ${run.stderr}`);
  return { id, name, token };
}
