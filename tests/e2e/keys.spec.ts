// The product's core flows, in real Chromium against the real server. Generate,
// use, copy, rename and delete; the worker stopped and restarted; the profile
// searched for the secret: those run in both browsers in tests/cross-browser.
import { test, expect, generateKey } from './support/fixtures';

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

test('server down: a clear error, and the cached list is still shown', async ({ server, connect, openPopup }) => {
  test.skip(server.external, 'stops the server, which only the reference server started here allows');
  await server.api('POST', '/v1/keys', { name: 'Cached key', expiresAt: null });
  await connect();
  await server.stop();
  const popup = await openPopup();
  await expect(popup.getByText('Cached key')).toBeVisible();
  await expect(popup.getByRole('alert')).toContainText(/reach/i);
  await expect(popup.getByRole('button', { name: 'Retry' })).toBeVisible();
});
