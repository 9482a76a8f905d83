// The product's core flows, in real Chromium against the real server.
import { test, expect, generateKey, whoami } from './support/fixtures';
import { stopServiceWorker } from '../../testkit/browser';
import { findInProfile } from '../../testkit/profile-search';

test('connect through the options page, then see the keys in the popup', async ({ server, connect, openPopup }) => {
  await server.api('POST', '/v1/keys', { name: 'Existing key', expiresAt: null });
  await connect();
  const popup = await openPopup();
  await expect(popup.getByText('Existing key')).toBeVisible();
  await expect(popup.getByRole('listitem').getByText('never expires')).toBeVisible();
});

test('a wrong admin token is refused with a clear message and nothing is saved', async ({ ext, server }) => {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  await page.getByLabel('API URL').fill(server.url);
  await page.getByLabel('Admin token').fill('x'.repeat(40));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/admin token/i);
  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  await expect(popup.getByRole('button', { name: 'Open options' })).toBeVisible();
});

test('generate, use, rename and delete a key', async ({ server, connect, openPopup }) => {
  await connect();
  const popup = await openPopup();
  const secret = await generateKey(popup, 'CI deploy');
  await expect(popup.getByText(/displayed only once/)).toBeVisible();
  await expect(popup.getByLabel('New API key')).toBeFocused();

  const used = await whoami(server, secret);
  expect(used.status).toBe(200);
  expect(used.json).toMatchObject({ name: 'CI deploy' });

  await popup.getByRole('button', { name: 'Copy' }).click();
  await expect(popup.getByRole('button', { name: 'Copied' })).toBeVisible();
  await popup.getByRole('button', { name: 'Done' }).click();
  await expect(popup.getByLabel('New API key')).toHaveCount(0);

  await popup.getByRole('button', { name: 'Edit CI deploy' }).click();
  await popup.getByLabel('Name').fill('CI deploy (prod)');
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByText('CI deploy (prod)')).toBeVisible();
  expect((await whoami(server, secret)).json).toMatchObject({ name: 'CI deploy (prod)' });

  await popup.getByRole('button', { name: 'Delete CI deploy (prod)' }).click();
  const dialog = popup.getByRole('dialog');
  await expect(dialog).toContainText('CI deploy (prod)');
  await expect(dialog).toContainText(/loses? access immediately/i);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(popup.getByText('CI deploy (prod)')).toHaveCount(0);

  const refused = await whoami(server, secret);
  expect(refused.status).toBe(401);
  expect(refused.json).toMatchObject({ error: { code: 'key_invalid' } });
});

test('a past expiration date is refused in the form before any request', async ({ server, connect, openPopup }) => {
  await connect();
  const popup = await openPopup();
  await popup.getByRole('button', { name: 'Generate API Key' }).click();
  await popup.getByLabel('Name').fill('Too late');
  await popup.getByLabel('Expiration date').fill('2020-01-01');
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(popup.getByText(/past/i)).toBeVisible();
  const list = await server.api('GET', '/v1/keys');
  expect((list.json as { keys: unknown[] }).keys).toHaveLength(0);
});

test('the secret is gone after Done and the popup is reopened', async ({ ext, connect, openPopup }) => {
  await connect();
  const popup = await openPopup();
  const secret = await generateKey(popup, 'Shown once');
  await popup.getByRole('button', { name: 'Copy' }).click();
  await popup.getByRole('button', { name: 'Done' }).click();
  await popup.close();
  const again = await openPopup();
  await expect(again.getByText('Shown once')).toBeVisible();
  expect(await again.content()).not.toContain(secret);
  expect(ext.consoleLines.join('\n')).not.toContain(secret);
});

test('the worker keeps working after it is stopped and restarted', async ({ ext, server, connect, openPopup }) => {
  await connect();
  await stopServiceWorker(ext);
  const popup = await openPopup();
  const secret = await generateKey(popup, 'After restart');
  expect((await whoami(server, secret)).status).toBe(200);
});

test('server down: a clear error, and the cached list is still shown', async ({ server, connect, openPopup }) => {
  await server.api('POST', '/v1/keys', { name: 'Cached key', expiresAt: null });
  await connect();
  await server.stop();
  const popup = await openPopup();
  await expect(popup.getByText('Cached key')).toBeVisible();
  await expect(popup.getByRole('alert')).toContainText(/reach/i);
  await expect(popup.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('no secret anywhere in the browser profile after generate, copy and close', async ({ ext, server, connect, openPopup }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect({ remember: true });
  const popup = await openPopup();
  const secret = await generateKey(popup, 'Profile search');
  await popup.getByRole('button', { name: 'Copy' }).click();
  await expect(popup.getByRole('button', { name: 'Copied' })).toBeVisible();
  await ext.close();

  expect(findInProfile(ext.profileDir, secret)).toEqual([]);
  // The search can find things: the key's name is in the metadata cache and
  // the remembered token in chrome.storage.local.
  expect(findInProfile(ext.profileDir, 'Profile search').length).toBeGreaterThan(0);
  expect(findInProfile(ext.profileDir, server.adminToken).length).toBeGreaterThan(0);
  expect(server.output()).not.toContain(secret);
});
