// The organization's policy in real Chromium, through an actual policy file:
// Chromium on Linux reads /etc/chromium/policies/managed/*.json at start, and
// {"3rdparty": {"extensions": {"<id>": {...}}}} reaches storage.managed. Tests
// run as root. The file names this run, lives only while one browser starts
// and is checked, and is always removed: other engineers' Chromium on this
// machine may load a build with the same extension id meanwhile.
import { test, expect } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { launchExtension, type ExtensionBrowser } from '../../testkit/browser';
import { startServer, type RunningServer } from '../../testkit/server';
import { expectExtensionRunClean, expectServerOutputClean } from '../../testkit/guarantees';

const POLICY_DIR = '/etc/chromium/policies/managed';

/** Learns the build's extension id (it depends on the build folder, or a dev key), without a policy. */
async function extensionId(): Promise<string> {
  const probe = await launchExtension();
  const id = probe.extensionId;
  await probe.close();
  return id;
}

/** Starts Chromium with `policy` for our extension, and removes the file as soon as `check` is done. */
async function withPolicy(policy: unknown, check: (ext: ExtensionBrowser) => Promise<void>): Promise<ExtensionBrowser> {
  const id = await extensionId();
  mkdirSync(POLICY_DIR, { recursive: true });
  const file = path.join(POLICY_DIR, `wbk-test-connections-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  let ext: ExtensionBrowser | undefined;
  try {
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }), { mode: 0o644 });
    ext = await launchExtension();
    expect(ext.extensionId).toBe(id);
    await check(ext);
    return ext;
  } finally {
    rmSync(file, { force: true });
    await ext?.close().catch(() => undefined);
  }
}

let server: RunningServer | undefined;
test.afterEach(() => server?.stop().then(() => expectServerOutputClean(server!)));

test('a policy presets locked connections: shown as "Set by your organization", no edit or remove, and the admin signs in to it', async ({}, testInfo) => {
  server = await startServer();
  const ext = await withPolicy(
    { connections: [{ id: 'prod', name: 'Org production', apiUrl: server.url, colour: 'red', production: true }] },
    async (ext) => {
      const options = await ext.context.newPage();
      await options.goto(ext.url('options'));
      const item = options.getByRole('list', { name: 'Connections' }).getByRole('listitem').filter({ hasText: 'Org production' });
      await expect(item).toContainText('Set by your organization');
      await expect(item).toContainText('PRODUCTION');
      // Locked: the fields are read-only and there is no Remove.
      await expect(options.getByLabel('API URL')).toHaveJSProperty('readOnly', true);
      await expect(options.getByLabel('Connection name')).toHaveJSProperty('readOnly', true);
      await expect(options.getByRole('button', { name: 'Remove connection' })).toHaveCount(0);
      // The admin brings only their own credential.
      await options.getByLabel('Admin token').fill(server!.adminToken);
      await options.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(options.getByText(/Connected: 0 keys/)).toBeVisible();
      const popup = await ext.context.newPage();
      await popup.goto(ext.url('popup'));
      await expect(popup.locator('.connection-bar')).toContainText('Org production');
      await expect(popup.locator('.connection-bar').getByText('PRODUCTION', { exact: true })).toBeVisible();
    },
  );
  expectExtensionRunClean(ext, testInfo);
});

test('a policy that fails to parse is ignored with a visible message, and the admin’s own connections still work', async ({}, testInfo) => {
  server = await startServer();
  const ext = await withPolicy({ connections: [{ id: 'prod', name: 'Org production', apiUrl: 'http://keys.example.com' }] }, async (ext) => {
    const options = await ext.context.newPage();
    await options.goto(ext.url('options'));
    await expect(options.getByRole('alert').filter({ hasText: /connection policy could not be read and was ignored/ })).toBeVisible();
    await expect(options.getByText('Org production')).toHaveCount(0);
    await options.getByLabel('API URL').fill(server!.url);
    await options.getByLabel('Admin token').fill(server!.adminToken);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(options.getByText(/Connected: 0 keys/)).toBeVisible();
  });
  expectExtensionRunClean(ext, testInfo);
});
