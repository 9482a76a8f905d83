// SSO sign-in through identity.launchWebAuthFlow, written once for Firefox
// ESR and Chromium (puppeteer-core). The provider learns the browser's
// redirect URI (Firefox: https://<hash>.extensions.allizom.org/) and
// extension origin from the running add-on.
import { test as base, expect, click, fill, generateKey, waitForText } from './support/fixtures';
import { startOidcProvider, startServerWithSso, type RunningProvider } from '../../testkit/oidc-provider';
import { expectServerOutputClean } from '../../testkit/guarantees';
import type { RunningServer } from '../../testkit/server';

const test = base.extend<{ provider: RunningProvider; ssoServer: RunningServer }>({
  provider: async ({ ext }, use) => {
    const redirect = await ext.evaluate(
      () => (browser as unknown as { identity: { getRedirectURL(): string } }).identity.getRedirectURL(),
      undefined,
    );
    // scheme://host by hand: Node's URL gives "null" as the origin of moz-extension:// and chrome-extension:// URLs.
    const origin = /^[\w-]+:\/\/[^/]+/.exec(ext.url('options'))![0];
    const provider = await startOidcProvider({ extraRedirectUris: [redirect], extraOrigins: [origin] });
    await use(provider);
    await provider.stop();
  },
  ssoServer: async ({ provider }, use) => {
    const server = await startServerWithSso(provider);
    await use(server);
    await server.stop();
    expectServerOutputClean(server);
  },
});

test('sign in with SSO through the browser’s sign-in window', async ({ ext, provider, ssoServer }) => {
  const options = await ext.openPage('options');
  await fill(options, 'API URL', ssoServer.url);
  await options.locator('#api-url').click();
  await options.keyboard.press('Tab');
  const host = new URL(provider.issuer).host;
  await waitForText(options, `Sign in with SSO (${host})`);
  const opened = ext.browser.waitForTarget((t) => t.url().startsWith(provider.issuer), { timeout: 15_000 });
  await click(options, `Sign in with SSO (${host})`);
  const window = await (await opened).page();
  expect(window).not.toBeNull();
  await window!.waitForSelector('input[name=login]');
  await window!.type('input[name=login]', 'alice');
  await window!.type('input[name=password]', 'any');
  await window!.click('button[type=submit]');
  await window!.waitForSelector('::-p-text(Continue)');
  await window!.click('button[type=submit]');
  await waitForText(options, /Signed in as Alice Admin \(alice@example.com\), admin: 0 keys/, 20_000);

  const popup = await ext.openPage('popup');
  await generateKey(popup, 'SSO key');
  const audit = (await ssoServer.api('GET', '/v1/audit?action=key.created')).json as { events: { actor: { name: string } | null }[] };
  expect(audit.events.map((e) => e.actor?.name)).toEqual(['Alice Admin']);

  // Signed in for this session only: no access, refresh or ID token in any file of the profile.
  const tokens = provider.issuedTokens();
  expect(tokens).toHaveLength(3);
  await ext.close();
  for (const token of tokens) expect(ext.searchProfile(token)).toEqual([]);
});
