// The conformance kit against the reference server, as an organization would
// run it: the real CLI server (testkit/server.ts), a database that already
// holds keys the kit must leave alone, the kit over HTTP only.
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
