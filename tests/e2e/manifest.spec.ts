// The built manifest is our security surface: hold it to least privilege.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR } from './support/browser';

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

test('strict CSP for extension pages and no remote code', () => {
  const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  const files = JSON.stringify(manifest);
  expect(files).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
});
