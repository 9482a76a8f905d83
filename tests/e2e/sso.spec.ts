// SSO sign-in in real Chromium against a real OpenID provider
// (node-oidc-provider, testkit/oidc-provider.ts) and the real key API
// validating its JWTs. The sign-in window that identity.launchWebAuthFlow
// opens is an ordinary page of the context in headless Chromium: the test
// fills the provider's own login and consent pages in it.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { launchExtension, type ExtensionBrowser } from '../../testkit/browser';
import { DEV_EXTENSION_ID } from '../../testkit/dev-extension-key';
import { expectExtensionRunClean, expectServerOutputClean } from '../../testkit/guarantees';
import { startOidcProvider, startServerWithSso, ACCOUNTS, type RunningProvider } from '../../testkit/oidc-provider';
import { findInProfile } from '../../testkit/profile-search';
import type { RunningServer } from '../../testkit/server';
import { generateKey } from './support/fixtures';

interface Fixtures {
  /** Access-token lifetime the provider issues, in seconds. */
  accessTokenTtl: number;
  provider: RunningProvider;
  server: RunningServer;
  ext: ExtensionBrowser;
}

const test = base.extend<Fixtures>({
  accessTokenTtl: [300, { option: true }],
  provider: async ({ accessTokenTtl }, use) => {
    const provider = await startOidcProvider({ accessTokenTtl });
    await use(provider);
    await provider.stop();
  },
  server: async ({ provider }, use) => {
    const server = await startServerWithSso(provider);
    await use(server);
    await server.stop();
    expectServerOutputClean(server);
    for (const token of provider.issuedTokens()) expect(server.output()).not.toContain(token);
  },
  ext: async ({ provider }, use, testInfo) => {
    const ext = await launchExtension();
    await use(ext);
    await ext.close().catch(() => undefined);
    expectExtensionRunClean(ext, testInfo);
    const logged = ext.consoleLines.join('\n');
    for (const token of provider.issuedTokens()) expect(logged).not.toContain(token);
  },
});

/** Options page with the API URL typed; the SSO button appears once the worker has discovered the methods. */
async function openOptions(ext: ExtensionBrowser, server: RunningServer, provider: RunningProvider): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(ext.url('options'));
  await page.getByLabel('API URL').fill(server.url);
  await page.getByLabel('API URL').blur();
  await expect(page.getByRole('button', { name: `Sign in with SSO (${new URL(provider.issuer).host})` })).toBeVisible();
  return page;
}

/** Clicks "Sign in with SSO" and returns the provider's sign-in window (already at its /interaction/ page). */
async function startSignIn(ext: ExtensionBrowser, options: Page, provider: RunningProvider): Promise<Page> {
  const windowOpened = ext.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(provider.issuer) });
  await options.getByRole('button', { name: /Sign in with SSO/ }).click();
  const signInWindow = await windowOpened;
  await signInWindow.waitForLoadState();
  return signInWindow;
}

async function completeSignIn(signInWindow: Page, login: string): Promise<void> {
  await signInWindow.locator('input[name=login]').fill(login);
  await signInWindow.locator('input[name=password]').fill('any password');
  await signInWindow.locator('button[type=submit]').click();
  await signInWindow.getByRole('button', { name: 'Continue' }).click();
}

async function signIn(ext: ExtensionBrowser, server: RunningServer, provider: RunningProvider, login: string, remember = false): Promise<Page> {
  const options = await openOptions(ext, server, provider);
  if (remember) await options.getByLabel('Remember on this device').check();
  await completeSignIn(await startSignIn(ext, options, provider), login);
  // The window closes before the worker has exchanged the code and loaded the list: wait for the outcome.
  await expect(options.getByText(/^Signed in as .*keys?$/).or(options.getByRole('alert').getByText(/./))).toBeVisible();
  return options;
}

test('an admin signs in with SSO, generates, renames and deletes a key as herself, and no token reaches the profile', async ({
  ext,
  server,
  provider,
}) => {
  // The redirect URI registered at the provider is built from this fixed id (manifest key).
  expect(ext.extensionId).toBe(DEV_EXTENSION_ID);
  const options = await signIn(ext, server, provider, 'alice');
  await expect(options.getByRole('status')).toContainText('Signed in as Alice Admin (alice@example.com), admin: 0 keys');
  await expect(options.getByText('Signed in as Alice Admin (alice@example.com).')).toBeVisible();
  // The sign-in controls are reachable by keyboard and pass axe like the rest of the page.
  await options.getByLabel('API URL').focus();
  await options.keyboard.press('Tab');
  await expect(options.getByRole('button', { name: /Sign in with SSO/ })).toBeFocused();
  await options.keyboard.press('Tab');
  await expect(options.getByRole('button', { name: 'Sign out' })).toBeFocused();
  expect((await new AxeBuilder({ page: options }).analyze()).violations.map((v) => v.id)).toEqual([]);

  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  await generateKey(popup, 'SSO key');
  await popup.getByRole('button', { name: 'Done' }).click();
  await popup.getByRole('button', { name: 'Edit SSO key' }).click();
  await popup.getByLabel('Name', { exact: true }).fill('SSO key renamed');
  await popup.keyboard.press('Enter');
  await expect(popup.getByText('SSO key renamed')).toBeVisible();
  await popup.getByRole('button', { name: 'Delete SSO key renamed' }).click();
  await popup.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(popup.getByText('SSO key renamed')).toHaveCount(0);

  // The key API knows who did each of these.
  const audit = (await server.api('GET', '/v1/audit')).json as { events: { action: string; actor: { name: string; method: string } | null }[] };
  const byAlice = audit.events.filter((e) => e.actor?.name === ACCOUNTS.alice.name && e.actor.method === 'sso').map((e) => e.action);
  expect(byAlice.sort()).toEqual(['auth.sign_in', 'key.created', 'key.deleted', 'key.renamed']);

  // Session sign-in (no "Remember"): the tokens live in memory only.
  const tokens = provider.issuedTokens();
  expect(tokens.length).toBe(3); // access, refresh, ID token
  await ext.close();
  for (const token of tokens) expect(findInProfile(ext.profileDir, token)).toEqual([]);
});

test('closing the sign-in window says the sign-in was cancelled, and saves nothing', async ({ ext, server, provider }) => {
  const options = await openOptions(ext, server, provider);
  const signInWindow = await startSignIn(ext, options, provider);
  await signInWindow.close();
  await expect(options.getByRole('alert')).toHaveText('Sign-in was cancelled.');
  await expect(options.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('someone the key API does not know is told who they are signed in as', async ({ ext, server, provider }) => {
  const options = await signIn(ext, server, provider, 'mallory');
  await expect(options.getByRole('alert')).toContainText('mallory@example.com');
  await expect(options.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  await expect(popup.getByRole('button', { name: 'Generate API Key' })).toHaveCount(0);
});

test.describe('short-lived access tokens', () => {
  test.use({ accessTokenTtl: 4 });

  test('the worker refreshes before expiry; a revoked refresh token signs out and keeps the cached list', async ({ ext, server, provider }) => {
    await server.api('POST', '/v1/keys', { name: 'Made before', expiresAt: null });
    await signIn(ext, server, provider, 'alice');
    const popup = await ext.context.newPage();
    await popup.goto(ext.url('popup'));
    await expect(popup.getByText('Made before')).toBeVisible();

    // Past half the 4 s lifetime: the next request refreshes first.
    await popup.waitForTimeout(2_500);
    const before = provider.refreshCount();
    await popup.reload();
    await expect(popup.getByText('Made before')).toBeVisible();
    await expect.poll(() => provider.refreshCount()).toBeGreaterThan(before);
    await expect(popup.getByRole('alert')).toHaveCount(0);

    // The provider ends the session (an admin revoked it): the next refresh is refused.
    expect(provider.revoke('alice')).toBeGreaterThan(0);
    await popup.waitForTimeout(4_500);
    await popup.reload();
    await expect(popup.getByRole('alert')).toContainText('Signed out — sign in again.');
    await expect(popup.getByText('Made before')).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });
});
