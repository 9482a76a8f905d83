// The fault matrix: the key API (behind our fault proxy) misbehaves in every
// way a real network or server does. In every case the admin reads a clear
// message, the cached list stays on screen, nothing throws unhandled, and no
// secret reaches the disk.
import { test, expect, generateKey } from './support/fixtures';
import { startFaultProxy, type Fault } from './support/fault-proxy';
import { stopServiceWorker } from '../../testkit/browser';
import { findInProfile } from '../../testkit/profile-search';

const HTML_LOGIN = '<!doctype html><html><body><form action="/login"><input name="user"></form></body></html>';

interface Scenario {
  name: string;
  fault: Fault | 'server down';
  message: RegExp;
}

const listFaults: Scenario[] = [
  { name: 'the server is down', fault: 'server down', message: /Can't reach the key API/ },
  {
    name: 'the server answers 500',
    fault: { kind: 'respond', status: 500, body: '{"error":{"code":"internal","message":"boom"}}' },
    message: /had a problem \(HTTP 500\)/,
  },
  { name: 'the server answers malformed JSON', fault: { kind: 'respond', status: 200, body: '{"keys": [' }, message: /not understood/ },
  {
    name: 'the server answers an HTML login page',
    fault: { kind: 'respond', status: 200, body: HTML_LOGIN, contentType: 'text/html' },
    message: /got a web page/,
  },
  {
    name: 'the server answers valid JSON of the wrong shape',
    fault: { kind: 'respond', status: 200, body: '{"items": [{"id": 1}]}' },
    message: /not understood/,
  },
  {
    name: 'the server answers a 10 MB body',
    fault: { kind: 'respond', status: 200, body: Buffer.alloc(10 * 1024 * 1024, 0x20) },
    message: /larger than 5 MB/,
  },
  { name: 'the connection drops mid-request', fault: { kind: 'drop-after-forward' }, message: /Can't reach the key API|broke while reading/ },
];

for (const scenario of listFaults) {
  test(`sync when ${scenario.name}: clear message, cached list kept`, async ({ ext, server, connect, openPopup }) => {
    await server.api('POST', '/v1/keys', { name: 'Cached key', expiresAt: null });
    const proxy = await startFaultProxy(server.url);
    try {
      await connect({ apiUrl: proxy.url });
      if (scenario.fault === 'server down') await proxy.close();
      else {
        const fault = scenario.fault;
        proxy.setFault(({ method }) => (method === 'GET' ? fault : undefined));
      }
      const popup = await openPopup();
      await expect(popup.getByText('Cached key')).toBeVisible();
      await expect(popup.getByRole('alert')).toContainText(scenario.message);
      await expect(popup.getByRole('button', { name: 'Retry' })).toBeVisible();

      // Recovery: the fault goes away, Retry brings the list back without an error.
      if (scenario.fault !== 'server down') {
        proxy.setFault(null);
        await popup.getByRole('button', { name: 'Retry' }).click();
        await expect(popup.getByText(/Updated/)).toBeVisible();
        await expect(popup.getByRole('alert')).toHaveCount(0);
      }
      expect(unexpectedErrors(ext.errors)).toEqual([]);
    } finally {
      await proxy.close().catch(() => undefined);
    }
  });
}

test('the server answers slower than the client timeout: a timeout message, cached list kept', async ({ ext, server, connect, openPopup }) => {
  test.setTimeout(90_000);
  await server.api('POST', '/v1/keys', { name: 'Cached key', expiresAt: null });
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    proxy.setFault(({ method }) => (method === 'GET' ? { kind: 'delay', ms: 15_000 } : undefined));
    const popup = await openPopup();
    await expect(popup.getByText('Cached key')).toBeVisible();
    await expect(popup.getByText(/Syncing/)).toBeVisible();
    await expect(popup.getByRole('alert')).toContainText(/did not answer within 10 s/, { timeout: 20_000 });
    expect(unexpectedErrors(ext.errors)).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test('generate when the server answers 500: clear message, form kept, no key made', async ({ ext, server, connect, openPopup }) => {
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    proxy.setFault(({ method }) => (method === 'POST' ? { kind: 'respond', status: 500, body: '{}' } : undefined));
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Generate API Key' }).click();
    await popup.getByLabel('Name', { exact: true }).fill('Will fail');
    await popup.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(popup.getByRole('alert')).toContainText(/HTTP 500/);
    // Nothing the admin typed is lost: the form is still there, filled in.
    await expect(popup.getByLabel('Name', { exact: true })).toHaveValue('Will fail');
    expect(((await server.api('GET', '/v1/keys')).json as { keys: unknown[] }).keys).toHaveLength(0);
    expect(unexpectedErrors(ext.errors)).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test('the worker is stopped in the middle of a create: the admin is told the key may exist without its secret', async ({
  ext,
  server,
  connect,
  openPopup,
}) => {
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    proxy.setFault(({ method }) => (method === 'POST' ? { kind: 'delay', ms: 2_000 } : undefined));
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Generate API Key' }).click();
    await popup.getByLabel('Name', { exact: true }).fill('Interrupted');
    await popup.getByRole('button', { name: 'Generate', exact: true }).click();
    await popup.waitForTimeout(300);
    await stopServiceWorker(ext);
    await expect(popup.getByRole('alert').first()).toContainText(/background worker stopped|stopped before answering/i);
    // The server made the key, but its secret reached nobody. The admin is told to check the list.
    proxy.setFault(null);
    await popup.reload();
    await expect(popup.getByText('Interrupted')).toBeVisible();
    expect(unexpectedErrors(ext.errors)).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test('rename a key that was deleted elsewhere: a clear message and the list refreshed', async ({ ext, server, connect, openPopup }) => {
  const created = (await server.api('POST', '/v1/keys', { name: 'Shared key', expiresAt: null })).json as { key: { id: string } };
  await connect();
  const first = await openPopup();
  const second = await openPopup();
  await expect(first.getByText('Shared key')).toBeVisible();
  await expect(second.getByText('Shared key')).toBeVisible();

  // The options page and a second popup both act on the same key.
  await second.getByRole('button', { name: 'Delete Shared key' }).click();
  await second.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(second.getByText('Shared key')).toHaveCount(0);
  expect((await server.api('GET', `/v1/keys/${created.key.id}`)).status).toBe(404);

  await first.getByRole('button', { name: 'Edit Shared key' }).click();
  await first.getByLabel('Name', { exact: true }).fill('Renamed');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('alert')).toContainText(/no longer exists/);
  await expect(first.getByText('Shared key')).toHaveCount(0);
  expect(unexpectedErrors(ext.errors)).toEqual([]);
});

test('after the whole fault matrix, no secret is on disk', async ({ ext, server, connect, openPopup }) => {
  const proxy = await startFaultProxy(server.url);
  await connect({ apiUrl: proxy.url });
  const popup = await openPopup();
  const secret = await generateKey(popup, 'Before faults');
  proxy.setFault(() => ({ kind: 'respond', status: 200, body: HTML_LOGIN, contentType: 'text/html' }));
  await popup.getByRole('button', { name: 'Copy' }).click();
  await popup.getByRole('button', { name: 'Done' }).click();
  await popup.reload();
  await expect(popup.getByRole('alert')).toContainText(/got a web page/);
  await proxy.close();
  await ext.close();
  expect(findInProfile(ext.profileDir, secret)).toEqual([]);
});

/**
 * Chromium itself logs a failed network request as a console error
 * ("Failed to load resource"); that is the fault we injected, not a bug of
 * ours. Anything else (an exception, an unhandled rejection) is.
 */
function unexpectedErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));
}
