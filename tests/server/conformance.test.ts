// The conformance kit against the reference server, as an organization would
// run it: the real CLI server (testkit/server.ts), a database that already
// holds keys the kit must leave alone, the kit over HTTP only.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatTable, runConformance } from '../../conformance/run';
import { startServer, type RunningServer } from '../../testkit/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

it('passes every check, cleans up after itself and leaves the other keys untouched', async () => {
  const seeded = [];
  for (const name of ['Production deploy', 'conformance-lookalike (not the kit’s)', 'Staging']) {
    const res = await server.api('POST', '/v1/keys', { name, expiresAt: null });
    expect(res.status).toBe(201);
    seeded.push((res.json as { key: { id: string } }).key.id);
  }
  const results = await runConformance({ url: server.url, adminToken: server.adminToken });
  const failed = results.filter((r) => r.outcome !== 'pass');
  expect(failed, formatTable(results)).toEqual([]);
  expect(results.length).toBeGreaterThan(20);
  const after = (await server.api('GET', '/v1/keys?limit=500')).json as { keys: { id: string }[] };
  expect(after.keys.map((k) => k.id).sort()).toEqual([...seeded].sort());
});

const ROOT = path.resolve(import.meta.dirname, '../..');
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'conformance/cli.ts', ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

it('npm run conformance: a table and exit 0 when the checks pass, 1 when they cannot, 2 on bad usage', async () => {
  const ok = await cli('--url', server.url, '--admin-token', server.adminToken, '--only', 'healthz');
  expect(ok.code, ok.out).toBe(0);
  expect(ok.out).toMatch(/^PASS \| GET \/healthz/m);
  expect(ok.out).toMatch(/passed, 0 failed/);
  const wrongToken = await cli('--url', server.url, '--admin-token', 'not-the-admin-token-0123456789abcdef');
  expect(wrongToken.code, wrongToken.out).toBe(1);
  expect(wrongToken.out).toMatch(/Cannot run the checks: GET \/v1\/keys answered 401/);
  expect((await cli('--admin-token', server.adminToken)).code).toBe(2);
}, 60_000);
