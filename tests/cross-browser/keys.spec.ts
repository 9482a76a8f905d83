// The core flows in both browsers against the real server on a `--port 0`
// loopback port: what once broke in Firefox while Chromium passed (a ported
// URL, the user gesture) is exercised through real clicks.
import { test, expect, generateKey, button, click, field, fill, waitForText, waitForNoText } from './support/fixtures';
import { startServer, type RunningServer } from '../../testkit/server';

test('connect with a ported loopback URL, then generate, use, copy, rename and delete a key', async ({ ext, server, connect }) => {
  expect(new URL(server.url).port).not.toBe('');
  await server.api('POST', '/v1/keys', { name: 'Existing key', expiresAt: null });
  const options = await connect();
  await waitForText(options, 'Connected: 1 key');

  const popup = await ext.openPage('popup');
  await waitForText(popup, 'Existing key');
  const secret = await generateKey(popup, 'CI deploy');
  await waitForText(popup, 'displayed only once');
  // Focus lands on the secret, ready to copy.
  expect(await (await popup.$(field('New API key')))!.evaluate((el) => el === document.activeElement)).toBe(true);
  const used = await server.api('GET', '/v1/whoami', undefined, secret);
  expect(used.status).toBe(200);
  expect(used.json).toMatchObject({ name: 'CI deploy' });

  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  expect(await ext.readClipboard()).toBe(secret);
  await click(popup, 'Done');
  await waitForNoText(popup, 'displayed only once');
  expect(await popup.$(field('New API key'))).toBeNull();

  await click(popup, 'Edit CI deploy');
  await fill(popup, 'Name', 'CI deploy (prod)');
  await click(popup, 'Save');
  await waitForText(popup, 'CI deploy (prod)');
  expect((await server.api('GET', '/v1/whoami', undefined, secret)).json).toMatchObject({ name: 'CI deploy (prod)' });

  await click(popup, 'Delete CI deploy (prod)');
  const dialog = await popup.waitForSelector('[role="dialog"]');
  const asked = await dialog!.evaluate((el) => (el as HTMLElement).innerText);
  expect(asked).toContain('CI deploy (prod)');
  expect(asked).toMatch(/loses? access immediately/i);
  await popup.locator('::-p-xpath(//*[@role="dialog"]//button[normalize-space()="Delete"])').click(); // the dialog's, not the row's
  await waitForNoText(popup, 'CI deploy (prod)');
  const refused = await server.api('GET', '/v1/whoami', undefined, secret);
  expect(refused.status).toBe(401);
  expect(refused.json).toMatchObject({ error: { code: 'key_invalid' } });
  expect(await popup.content()).not.toContain(secret);
});

test('connect to the port README gives (http://127.0.0.1:8787)', async ({ ext }) => {
  let server: RunningServer;
  try {
    server = await startServer({ port: 8787 });
  } catch (err) {
    test.skip(true, `port 8787 is taken on this machine (${String(err).slice(0, 80)})`);
    return;
  }
  try {
    expect(server.url).toBe('http://127.0.0.1:8787');
    const options = await ext.openPage('options');
    await fill(options, 'API URL', server.url);
    await fill(options, 'Admin token', server.adminToken);
    await click(options, 'Connect');
    await waitForText(options, 'Connected: 0 keys');
  } finally {
    await server.stop();
  }
});

test('no secret anywhere in the browser profile after generate, copy and close', async ({ ext, server, connect }) => {
  await connect({ remember: true });
  const popup = await ext.openPage('popup');
  const secret = await generateKey(popup, 'Profile search');
  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  await ext.close();

  // Raw bytes of every file, and in Firefox every IndexedDB value decompressed (it snappy-compresses them).
  expect(ext.searchProfile(secret)).toEqual([]);
  // The search can find things: the key's name is in the metadata cache, and
  // the remembered token in storage.local (in Firefox only the decompressing search sees it).
  expect(ext.searchProfile('Profile search').length).toBeGreaterThan(0);
  expect(ext.searchProfile(server.adminToken).length).toBeGreaterThan(0);
  expect(server.output()).not.toContain(secret);
});
