// The built manifest is our security surface: hold it to least privilege.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from '../../testkit/browser';
import { DEV_EXTENSION_ID, DEV_EXTENSION_PUBLIC_KEY } from '../../testkit/dev-extension-key';

const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;

test('MV3 with least-privilege permissions', () => {
  expect(manifest.manifest_version).toBe(3);
  const all = JSON.stringify([manifest.permissions, manifest.host_permissions, manifest.optional_host_permissions]);
  expect(all).not.toContain('<all_urls>');
  expect(all).not.toMatch(/"\*:\/\/\*\/\*"|"http:\/\/\*\/\*"/);
  expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  expect(manifest).not.toHaveProperty('externally_connectable');
  expect(manifest).not.toHaveProperty('content_scripts');
});

test('leak response adds contextMenus, activeTab and scripting, and no way to read pages on its own', () => {
  expect(manifest.permissions).toEqual(expect.arrayContaining(['contextMenus', 'activeTab', 'scripting']));
  // scripting reaches a page only through activeTab (the admin's click): no new host permission, no content script.
  expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  expect(manifest).not.toHaveProperty('content_scripts');
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  expect(manifest.permissions).not.toContain('tabs');
});

test('strict CSP for extension pages and no remote code', () => {
  const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  // Remote code would be a page or worker loading script from the network.
  for (const file of readdirSync(EXTENSION_DIR, { recursive: true }) as string[]) {
    if (!/\.(html|js)$/.test(file)) continue;
    const text = readFileSync(path.join(EXTENSION_DIR, file), 'utf8');
    expect(text, file).not.toMatch(/<script[^>]+src=["']https?:|importScripts\(\s*["']https?:|import\(\s*["']https?:/);
  }
});

test('identity for SSO sign-in, and a fixed id in test builds only', async () => {
  expect(manifest.permissions).toContain('identity');
  // The provider's redirect URI https://<id>.chromiumapp.org/ depends on this id.
  expect(manifest.key).toBe(DEV_EXTENSION_PUBLIC_KEY);
  expect(DEV_EXTENSION_ID).toBe('omdijgoppelbcgjijmdabefhfldjgfpp');
  // Store packages (npm run zip) carry no key: the store assigns the id.
  const { default: config } = await import('../../wxt.config');
  const manifestFor = config.manifest as (env: { browser: string }) => Record<string, unknown>;
  const previous = process.env.WORKBASE_STORE_BUILD;
  process.env.WORKBASE_STORE_BUILD = '1';
  try {
    expect(manifestFor({ browser: 'chrome' })).not.toHaveProperty('key');
  } finally {
    if (previous === undefined) delete process.env.WORKBASE_STORE_BUILD;
    else process.env.WORKBASE_STORE_BUILD = previous;
  }
  expect(manifestFor({ browser: 'firefox' })).not.toHaveProperty('key');
});
