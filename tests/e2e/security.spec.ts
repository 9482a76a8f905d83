// Security review, automated: who can talk to the extension, and where the
// admin token may go.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './support/fixtures';
import { startFaultProxy } from './support/fault-proxy';
import { launchExtension } from '../../testkit/browser';

/** A loopback server on another origin that records every request it gets. */
async function startDecoy(): Promise<{ url: string; hits: { path: string; authorization: string | undefined }[]; close: () => Promise<void> }> {
  const hits: { path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>decoy</title><p>decoy</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // localhost, not 127.0.0.1: a different origin from the API's.
    url: `http://localhost:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('a redirect never carries the admin token to another origin', async ({ ext, server, connect, openPopup }) => {
  const decoy = await startDecoy();
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    proxy.setFault(() => ({ kind: 'redirect', location: `${decoy.url}/v1/keys` }));
    const popup = await openPopup();
    await expect(popup.getByRole('alert')).toContainText(/redirect/);
    expect(decoy.hits).toEqual([]);
    expect(ext.errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e))).toEqual([]);
  } finally {
    await proxy.close();
    await decoy.close();
  }
});

test('the admin token is sent only to the configured API URL', async ({ server, connect, openPopup, ext }) => {
  // The decoy is a working API on another origin that the worker was connected to
  // before: a stale URL or client anywhere in the worker would send the token there.
  const decoy = await startFaultProxy(server.url, { hostname: 'localhost' });
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: decoy.url });
    expect(decoy.seen().some((r) => r.authorization === `Bearer ${server.adminToken}`)).toBe(true);
    await connect({ apiUrl: proxy.url });
    const before = decoy.seen().length;
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Generate API Key' }).click();
    await popup.getByLabel('Name', { exact: true }).fill('Token check');
    await popup.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(popup.getByLabel('New API key')).toHaveValue(/^wbk_/);
    await popup.reload(); // a fresh page syncs the list again
    await expect(popup.getByText('Token check')).toBeVisible();
    // A web page on the decoy's origin is open at the same time; it must see nothing either.
    const page = await ext.context.newPage();
    await page.goto(decoy.url);
    expect(
      decoy
        .seen()
        .slice(before)
        .filter((r) => r.authorization !== undefined),
    ).toEqual([]);
    expect(proxy.seen().length).toBeGreaterThan(0);
    // GET /v1/auth/config is public (how to sign in; Options asks it for the typed URL) and carries no credential.
    const authenticated = proxy.seen().filter((r) => r.path !== '/v1/auth/config');
    expect(authenticated.every((r) => r.authorization === `Bearer ${server.adminToken}`)).toBe(true);
  } finally {
    await proxy.close();
    await decoy.close();
  }
});

test('web pages have no channel to the extension', async ({ ext }) => {
  const decoy = await startDecoy();
  try {
    const page = await ext.context.newPage();
    await page.goto(decoy.url);
    // Without externally_connectable, chrome.runtime is not exposed to web pages at all.
    const exposed = await page.evaluate(
      () => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage,
    );
    expect(exposed).toBe('undefined');
  } finally {
    await decoy.close();
  }
});

test('messages from another extension are refused', async () => {
  // A second, unrelated extension installed next to ours tries to talk to it.
  const probeDir = mkdtempSync(path.join(tmpdir(), 'wbk-probe-ext-'));
  writeFileSync(
    path.join(probeDir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'probe', version: '1.0', background: { service_worker: 'probe.js' } }),
  );
  writeFileSync(path.join(probeDir, 'probe.js'), '// probe\n');
  const ext = await launchExtension({ otherExtensions: [probeDir] });
  try {
    const probe =
      ext.context.serviceWorkers().find((w) => w.url().endsWith('/probe.js')) ??
      (await ext.context.waitForEvent('serviceworker', { predicate: (w) => w.url().endsWith('/probe.js') }));
    const outcome = await probe.evaluate(async (id) => {
      const asked = await chrome.runtime
        .sendMessage(id, { type: 'connection.connect', apiUrl: 'http://127.0.0.1:1', adminToken: 'x'.repeat(40), remember: true })
        .then(
          (reply: unknown) => ({ reply }),
          (error: Error) => ({ error: error.message }),
        );
      return asked;
    }, ext.extensionId);
    expect(outcome).toHaveProperty('error');
    expect(JSON.stringify(outcome)).toMatch(/Receiving end does not exist|Could not establish connection/);
    // And nothing was stored by the attempt.
    const page = await ext.context.newPage();
    await page.goto(ext.url('options'));
    await expect(page.getByLabel('API URL')).toHaveValue('');
  } finally {
    await ext.close();
  }
});
