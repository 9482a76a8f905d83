// A viewer, in real Chromium against the real server: named with their role,
// offered no write (and told why), and refused by the server anyway.
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
