// Issue 11: a key the extension cannot read (here: an older server's
// six-digit-year expiry, which the contract refuses) must not take the list
// down. The popup shows every other key, says one was left out, and can
// still delete it by id; afterwards the list is whole again.
import { test, expect } from './support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { startFaultProxy } from './support/fault-proxy';

test('a key the extension cannot read: the others are listed, the admin is told, and it can be deleted', async ({ server, connect, openPopup }) => {
  await server.api('POST', '/v1/keys', { name: 'Healthy key', expiresAt: null });
  const broken = (await server.api('POST', '/v1/keys', { name: 'Far-future key', expiresAt: null })).json as { key: { id: string } };
  const proxy = await startFaultProxy(server.url);
  try {
    // The list as an older server answered it: this one key's expiry out of the contract's range.
    proxy.setFault(({ method, path }) =>
      method === 'GET' && path.startsWith('/v1/keys?')
        ? {
            kind: 'rewrite',
            body: (text) => {
              const page = JSON.parse(text) as { keys: { id: string; expiresAt: string | null }[] };
              for (const k of page.keys) if (k.id === broken.key.id) k.expiresAt = '+010000-01-01T23:58:59.999Z';
              return JSON.stringify(page);
            },
          }
        : undefined,
    );
    await connect({ apiUrl: proxy.url });
    const popup = await openPopup();
    await expect(popup.getByText('Healthy key')).toBeVisible();
    await expect(popup.getByText('Far-future key')).toHaveCount(0);
    const status = popup.getByRole('status').filter({ hasText: 'could not be read' });
    await expect(status).toContainText('1 key from the key API could not be read');
    await expect(popup.getByRole('alert')).toHaveCount(0);
    expect((await new AxeBuilder({ page: popup }).analyze()).violations.map((v) => v.id)).toEqual([]);

    await popup.getByRole('button', { name: `Delete unreadable key ${broken.key.id}` }).click();
    await popup.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(status).toHaveCount(0);
    await expect(popup.getByText('Healthy key')).toBeVisible();
    // Really gone on the server, not only hidden.
    const left = (await server.api('GET', '/v1/keys')).json as { keys: { id: string }[] };
    expect(left.keys.map((k) => k.id)).not.toContain(broken.key.id);
  } finally {
    await proxy.close();
  }
});
