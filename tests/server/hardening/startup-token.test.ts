// Issue 11 item 9: WORKBASE_ADMIN_TOKEN with surrounding whitespace could
// never match (the Authorization value is trimmed) yet was reported as
// accepted. It is refused at start, saying why.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/start';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'wb-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(token: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '0', '--db', join(dir, `${Math.random()}.db`)], {
    cwd: ROOT,
    env: { ...process.env, WORKBASE_ADMIN_TOKEN: token },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    // A server that started despite the bad token is the failure; stop it by its own handle.
    if (stdout.includes('listening on')) child.kill('SIGTERM');
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

const TOKEN = 'operator-admin-token-0123456789abcdef';

describe('WORKBASE_ADMIN_TOKEN with surrounding whitespace', () => {
  it.each([` ${TOKEN}`, `${TOKEN}\n`, `\t${TOKEN} `, `${TOKEN}\r\n`])('%j: the CLI exits 2 saying so, and never listens', async (token) => {
    const run = await runCli(token);
    expect(run.stdout).not.toContain('listening on');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WORKBASE_ADMIN_TOKEN .*whitespace/);
  });

  it('startServer refuses it too', async () => {
    await expect(startServer({ port: 0, dbPath: join(dir, 'direct.db'), adminToken: ` ${TOKEN}` })).rejects.toThrow(/whitespace/);
  });
});
