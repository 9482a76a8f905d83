// The extension against a node on PostgreSQL: connect, generate, use, delete.
// The same API, so the same flow; this proves it end to end once.
import { test as base, expect } from '@playwright/test';
import { launchExtension, type ExtensionBrowser } from '../../testkit/browser';
import { expectExtensionRunClean, expectServerOutputClean } from '../../testkit/guarantees';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres';
import { startServer, type RunningServer } from '../../testkit/server';
import { generateKey, whoami } from './support/fixtures';

const test = base.extend<{ cluster: PostgresCluster; server: RunningServer; ext: ExtensionBrowser }>({
  cluster: async ({}, use) => {
    const cluster = await startPostgres();
    await use(cluster);
    await cluster.dispose();
  },
  server: async ({ cluster }, use) => {
    const server = await startServer({ db: await cluster.createDatabase('e2e') });
    await use(server);
    await server.stop();
    expectServerOutputClean(server);
  },
  ext: async ({}, use, testInfo) => {
    const ext = await launchExtension();
    await use(ext);
    await ext.close().catch(() => undefined);
    expectExtensionRunClean(ext, testInfo);
  },
});

test('on a PostgreSQL-backed node: connect, generate, the key works, delete, the key is refused', async ({ ext, server }) => {
  test.setTimeout(90_000);
  const health = await fetch(`${server.url}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok', store: 'postgres' });

  const options = await ext.context.newPage();
  await options.goto(ext.url('options'));
  await options.getByLabel('API URL').fill(server.url);
  await options.getByLabel('Admin token').fill(server.adminToken);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(options.getByText(/Connected/)).toBeVisible();
  await options.close();

  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  const secret = await generateKey(popup, 'On Postgres');
  expect((await whoami(server, secret)).status).toBe(200);
  await popup.getByRole('button', { name: 'Done' }).click();

  await popup.getByRole('button', { name: 'Delete On Postgres' }).click();
  await popup.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(popup.getByRole('button', { name: 'Delete On Postgres' })).toHaveCount(0);
  await expect.poll(async () => ((await server.api('GET', '/v1/keys')).json as { keys: unknown[] }).keys).toHaveLength(0);
  expect((await whoami(server, secret)).status).toBe(401);
});
