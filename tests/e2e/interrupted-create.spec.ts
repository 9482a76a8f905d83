// The popup closes whenever focus leaves it. If that happens while a create
// request is in flight, nobody sees the secret: the worker must not leave a
// live key behind without telling the admin.
import { test, expect } from './support/fixtures';
import { startFaultProxy } from './support/fault-proxy';

test('popup closed during create: the unseen key is deleted and the admin is told', async ({ server, connect, openPopup }) => {
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    proxy.setFault(({ method, path }) => (method === 'POST' && path.startsWith('/v1/keys') ? { kind: 'delay', ms: 1500 } : undefined));
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Generate API Key' }).click();
    await popup.getByLabel('Name').fill('Never seen');
    await popup.getByRole('button', { name: 'Generate', exact: true }).click();
    await popup.waitForTimeout(300);
    await popup.close();

    // The server created the key, then the worker deleted it once it learned nobody could see it.
    const count = async () => ((await server.api('GET', '/v1/keys')).json as { keys: unknown[] }).keys.length;
    expect(await count()).toBe(1);
    await expect.poll(count, { timeout: 10_000 }).toBe(0);
    proxy.setFault(null);

    const again = await openPopup();
    await expect(again.getByRole('alert').filter({ hasText: 'Never seen' })).toBeVisible();
  } finally {
    await proxy.close();
  }
});
