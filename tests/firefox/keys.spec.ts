// The core flows in real Firefox ESR against the real server on a `--port 0`
// loopback port: what broke in Firefox while Chromium passed (a ported URL,
// the user gesture) is exercised through real clicks.
import { test, expect, generateKey, button, click, fill, waitForText, waitForNoText } from './support/fixtures';
import { startServer, type RunningServer } from '../../testkit/server';
import { findInProfile } from '../e2e/support/profile-search';
import { findInFirefoxIndexedDB } from './support/idb-search';

test('connect with a ported loopback URL, then generate, use, copy, rename and delete a key', async ({ ff, server, connect }) => {
  expect(new URL(server.url).port).not.toBe('');
  await server.api('POST', '/v1/keys', { name: 'Existing key', expiresAt: null });
  const options = await connect();
  await waitForText(options, 'Connected: 1 key');

  const popup = await ff.openPage('popup');
  await waitForText(popup, 'Existing key');
  const secret = await generateKey(popup, 'CI deploy');
  await waitForText(popup, 'displayed only once');
  expect((await server.api('GET', '/v1/whoami', undefined, secret)).json).toMatchObject({ name: 'CI deploy' });

  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  expect(await ff.evaluate(() => navigator.clipboard.readText(), null)).toBe(secret);
  await click(popup, 'Done');
  await waitForNoText(popup, 'displayed only once');

  await click(popup, 'Edit CI deploy');
  await fill(popup, 'Name', 'CI deploy (prod)');
  await click(popup, 'Save');
  await waitForText(popup, 'CI deploy (prod)');
  expect((await server.api('GET', '/v1/whoami', undefined, secret)).json).toMatchObject({ name: 'CI deploy (prod)' });

  await click(popup, 'Delete CI deploy (prod)');
  await popup.locator('::-p-xpath(//*[@role="dialog"]//button[normalize-space()="Delete"])').click(); // the dialog's, not the row's
  await waitForNoText(popup, 'CI deploy (prod)');
  const refused = await server.api('GET', '/v1/whoami', undefined, secret);
  expect(refused.status).toBe(401);
  expect(await popup.content()).not.toContain(secret);
});

test('connect to the port README gives (http://127.0.0.1:8787)', async ({ ff }) => {
  let server: RunningServer;
  try {
    server = await startServer({ port: 8787 });
  } catch (err) {
    test.skip(true, `port 8787 is taken on this machine (${String(err).slice(0, 80)})`);
    return;
  }
  try {
    expect(server.url).toBe('http://127.0.0.1:8787');
    const options = await ff.openPage('options');
    await fill(options, 'API URL', server.url);
    await fill(options, 'Admin token', server.adminToken);
    await click(options, 'Connect');
    await waitForText(options, 'Connected: 0 keys');
  } finally {
    await server.stop();
  }
});

test('no secret anywhere in the Firefox profile after generate, copy and close', async ({ ff, server, connect }) => {
  await connect({ remember: true });
  const popup = await ff.openPage('popup');
  const secret = await generateKey(popup, 'Profile search');
  await click(popup, 'Copy');
  await popup.locator(button('Copied')).wait();
  await ff.close();

  // Raw bytes of every file, then every IndexedDB value decompressed (Firefox snappy-compresses them).
  expect(findInProfile(ff.profileDir, secret)).toEqual([]);
  expect(findInFirefoxIndexedDB(ff.profileDir, secret)).toEqual([]);
  // The searches can find things: the key's name is in the metadata cache, and
  // the remembered token in storage.local, which only the decompressing search sees.
  expect(findInProfile(ff.profileDir, 'Profile search').length + findInFirefoxIndexedDB(ff.profileDir, 'Profile search').length).toBeGreaterThan(0);
  expect(findInFirefoxIndexedDB(ff.profileDir, server.adminToken).length).toBeGreaterThan(0);
});
