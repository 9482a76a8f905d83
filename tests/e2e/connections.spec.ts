// Several connections in real Chromium against TWO real reference servers:
// A's keys never show under B's header, switching paints from the cache at
// once (even with A's server down), the badge sums both, deleting in a
// production connection needs the key's name typed, and after generating a
// key no file of the profile holds its secret or either admin token.
import { test, expect, type Page, type Worker } from '@playwright/test';
import { launchExtension, type ExtensionBrowser } from '../../testkit/browser';
import { startServer, type RunningServer } from '../../testkit/server';
import { findInProfile } from '../../testkit/profile-search';
import { expectExtensionRunClean, expectServerOutputClean } from '../../testkit/guarantees';

const DAY = 86_400_000;
const soon = () => new Date(Date.now() + 2 * DAY).toISOString();

async function addConnection(ext: ExtensionBrowser, c: { name: string; url: string; token: string; production?: boolean; first?: boolean }) {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  if (!c.first) await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('heading', { name: 'New connection' })).toBeVisible();
  await page.getByLabel('Connection name').fill(c.name);
  await page.getByLabel('API URL').fill(c.url);
  await page.getByLabel('Admin token').fill(c.token);
  if (c.production) await page.getByLabel('Production', { exact: true }).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText(/Connected: \d+ key/)).toBeVisible();
  await page.close();
}

const rowNames = (popup: Page) => popup.locator('.key-name').allTextContents();
const badge = (w: Worker) => w.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}) }));

let servers: RunningServer[] = [];
let ext: ExtensionBrowser | undefined;
test.afterEach(async ({}, testInfo) => {
  await ext?.close().catch(() => undefined);
  if (ext) expectExtensionRunClean(ext, testInfo);
  for (const s of servers) {
    await s.stop().catch(() => undefined);
    expectServerOutputClean(s);
  }
  servers = [];
  ext = undefined;
});

test('two connections: each list under its own header, instant switch from cache, summed badge, production delete by name, no secret on disk', async () => {
  const [staging, production] = await Promise.all([startServer(), startServer()]);
  servers = [staging, production];
  await staging.api('POST', '/v1/keys', { name: 'Staging webhook', expiresAt: soon() });
  await production.api('POST', '/v1/keys', { name: 'Billing', expiresAt: soon() });
  await production.api('POST', '/v1/keys', { name: 'Payments', expiresAt: soon() });
  ext = await launchExtension();
  await addConnection(ext, { name: 'Acme staging', url: staging.url, token: staging.adminToken, first: true });
  await addConnection(ext, { name: 'Acme production', url: production.url, token: production.adminToken, production: true });

  // The badge counts both connections' expiring keys, and its tooltip says which holds how many.
  const worker = await ext.worker();
  await expect.poll(async () => (await badge(worker)).text).toBe('3');
  expect((await badge(worker)).title).toMatch(/3 keys expire within 7 days — Acme staging: 1, Acme production: 2/);

  // The last connected is shown: its name and PRODUCTION, in words.
  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  const header = popup.locator('.connection-bar');
  await expect(header).toContainText('Acme production');
  await expect(header.getByText('PRODUCTION', { exact: true })).toBeVisible();
  await expect(popup.getByText('Payments')).toBeVisible();
  expect((await rowNames(popup)).sort()).toEqual(['Billing', 'Payments']);

  // A's server goes down; switching to A still paints A's cached list at once, and only A says it can't sync.
  await staging.stop();
  const switcher = popup.getByRole('combobox', { name: 'Switch connection' });
  const started = Date.now();
  await switcher.selectOption({ label: '1. Acme staging' });
  await expect(popup.getByText('Staging webhook')).toBeVisible();
  const switchMs = Date.now() - started;
  expect(switchMs).toBeLessThan(1_000);
  test.info().annotations.push({ type: 'switch to cached list (ms, incl. Playwright round trips)', description: String(switchMs) });
  await expect(header).toContainText('Acme staging');
  await expect(header.getByText('PRODUCTION', { exact: true })).toHaveCount(0);
  expect(await rowNames(popup)).toEqual(['Staging webhook']);
  await expect(popup.getByRole('alert').filter({ hasText: /reach|unreachable|connect/i })).toBeVisible();

  // Alt+2 goes back to production: its list, no error of A's.
  await popup.keyboard.press('Alt+2');
  await expect(header).toContainText('Acme production');
  await expect(popup.getByText('Billing')).toBeVisible();
  expect(await rowNames(popup)).not.toContain('Staging webhook');
  await expect(popup.getByRole('alert').filter({ hasText: /reach|unreachable/i })).toHaveCount(0);

  // Deleting in production needs the key's name typed.
  await popup.getByRole('button', { name: 'Delete Billing' }).click();
  const dialog = popup.getByRole('dialog');
  const del = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(del).toBeDisabled();
  await dialog.getByLabel("Type the key's name, “Billing”, to confirm").fill('billing');
  await expect(del).toBeDisabled();
  await dialog.getByLabel("Type the key's name, “Billing”, to confirm").fill('Billing');
  await del.click();
  await expect(dialog).toHaveCount(0);
  await expect(popup.getByText('Billing')).toHaveCount(0);
  const left = (await production.api('GET', '/v1/keys')).json as { keys: { name: string }[] };
  expect(left.keys.map((k) => k.name)).toEqual(['Payments']);

  // A key generated here is named as production's, and its secret never reaches the disk.
  await popup.getByRole('button', { name: 'Generate API Key' }).click();
  await popup.getByLabel('Name').fill('Made in production');
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  const field = popup.getByLabel('New API key');
  await expect(field).toHaveValue(/^wbk_/);
  await expect(popup.getByText('In connection “Acme production”')).toBeVisible();
  const secret = await field.inputValue();
  await popup.getByRole('button', { name: 'Done' }).click();

  const profileDir = ext.profileDir;
  await ext.close();
  for (const needle of [secret, staging.adminToken, production.adminToken]) expect(findInProfile(profileDir, needle)).toEqual([]);
  expect(ext.consoleLines.join('\n')).not.toContain(secret);
});
