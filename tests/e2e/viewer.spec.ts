// A viewer, in real Chromium against the real server: named with their role,
// offered no write (and told why), and refused by the server anyway.
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect } from './support/fixtures';
import { addAdmin } from './support/admins';

test('a viewer sees writes disabled with the reason, and the server refuses them anyway', async ({ server, connect, openPopup }) => {
  await server.api('POST', '/v1/keys', { name: 'Production', expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  const vic = addAdmin(server, 'viewer', 'Vic Viewer', 'vic@example.com');
  await connect({ adminToken: vic.token });
  const popup = await openPopup();
  await expect(popup.getByText('Production')).toBeVisible();
  await expect(popup.locator('.who')).toHaveText('Signed in as Vic Viewer · viewer');

  const generate = popup.getByRole('button', { name: 'Generate API Key' });
  await expect(generate).toBeDisabled();
  await expect(generate).toHaveAccessibleDescription(/Viewers can't generate keys/);
  await expect(popup.getByText("Viewers can't generate keys")).toBeVisible();
  // Still reachable by keyboard (so the reason can be heard), and it does nothing.
  await generate.focus();
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('Name', { exact: true })).toHaveCount(0);
  // The row offers History only: no Edit, Replace (it expires soon) or Delete.
  const row = popup.getByRole('listitem').filter({ hasText: 'Production' });
  await expect(row.getByRole('button')).toHaveText(['History']);

  // The server refuses each write of this token, whatever the extension shows.
  const id = ((await server.api('GET', '/v1/keys')).json as { keys: { id: string }[] }).keys[0]!.id;
  const refusals = [
    await server.api('POST', '/v1/keys', { name: 'Sneaky', expiresAt: null }, vic.token),
    await server.api('PATCH', `/v1/keys/${id}`, { name: 'Renamed' }, vic.token),
    await server.api('POST', `/v1/keys/${id}/replace`, { name: 'Replaced', expiresAt: null, graceSeconds: 0 }, vic.token),
    await server.api('DELETE', `/v1/keys/${id}`, undefined, vic.token),
  ];
  expect(refusals.map((r) => [r.status, (r.json as { error: { code: string; message: string } }).error.code])).toEqual([
    [403, 'forbidden'],
    [403, 'forbidden'],
    [403, 'forbidden'],
    [403, 'forbidden'],
  ]);
  expect((refusals[0]!.json as { error: { message: string } }).error.message).toBe("Viewers can't generate keys.");
  expect(((await server.api('GET', '/v1/keys')).json as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['Production']);

  // A viewer may read the audit log: History works.
  await row.getByRole('button', { name: 'History of Production' }).click();
  await expect(popup.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem')).toContainText([
    'Bootstrap admin generated Production',
  ]);
});

test('a role lowered while signed in: the next write is refused, the popup says why and stops offering writes', async ({
  server,
  connect,
  openPopup,
}) => {
  await server.api('POST', '/v1/keys', { name: 'Staging', expiresAt: null });
  const alice = addAdmin(server, 'admin', 'Alice', 'alice@example.com');
  await connect({ adminToken: alice.token });
  const popup = await openPopup();
  await expect(popup.locator('.who')).toHaveText('Signed in as Alice · admin');
  await expect(popup.getByText('Updated just now')).toBeVisible();
  // The popup asks who she is on open and again after its sync: let both answer before her role changes.
  await expect.poll(() => server.output().match(/GET \/v1\/auth\/me 200/g)?.length ?? 0).toBe(2);
  // An operator lowers her role in the admins table (no CLI command for it yet) while her popup is open.
  const db = new Database(path.join(server.dbDir, 'keys.db'));
  db.prepare('UPDATE admins SET role = ? WHERE id = ?').run('viewer', alice.id);
  db.close();

  await popup.getByRole('button', { name: 'Delete Staging' }).click();
  const dialog = popup.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  // The server's reason, in the dialog; meanwhile the popup asked again who she is.
  await expect(dialog).toContainText("Viewers can't delete keys.");
  await expect(popup.locator('.who')).toHaveText('Signed in as Alice · viewer');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(popup.getByRole('button', { name: 'Delete Staging' })).toHaveCount(0);
  await expect(popup.getByRole('button', { name: 'Generate API Key' })).toBeDisabled();
  expect(((await server.api('GET', '/v1/keys')).json as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['Staging']);
  // The next open paints the viewer at once, from the worker's cache.
  await popup.close();
  const again = await openPopup();
  await expect(again.locator('.who')).toHaveText('Signed in as Alice · viewer');
});
