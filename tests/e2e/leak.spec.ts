// Leak response end to end: real Chromium, the built extension, the real key
// API. The test page is served on 127.0.0.2 — loopback, but NOT covered by
// the extension's host permissions (127.0.0.1, localhost) — so "Scan this
// page" works only through activeTab. activeTab is granted the way a click on
// the toolbar icon grants it: CDP's Extensions.triggerAction on the page's
// tab, which opens the real toolbar popup on it (a browser-level CDP session
// over a debugging port; Playwright's own connection has no such session).
// The native context menu can't be clicked by automation: that path calls
// the worker's contextMenus.onClicked listener with a real selection made in
// the page.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateSecret } from '../../lib/shared/contract/secret';
import { launchExtension, type ExtensionBrowser } from '../../testkit/browser';
import { expectExtensionRunClean } from '../../testkit/guarantees';
import { findInProfile } from '../../testkit/profile-search';
import { expect, test as base, whoami } from './support/fixtures';

const test = base.extend<{ ext: ExtensionBrowser }>({
  // Overrides the shared fixture only to open a debugging port (for Extensions.triggerAction).
  ext: async ({}, use, testInfo) => {
    const ext = await launchExtension({ extraArgs: ['--remote-debugging-port=0', '--enable-unsafe-extension-debugging'] });
    await use(ext);
    await ext.close().catch(() => undefined);
    expectExtensionRunClean(ext, testInfo);
  },
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const broken = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');

interface Keys {
  liveA: { id: string; secret: string };
  liveB: { id: string; secret: string };
  deleted: string;
  badChecksum: string;
  /** A key on no page: its row (with its hash) stays in the database. */
  untouched: { id: string; secret: string };
}

async function makeKeys(server: {
  api: (m: string, r: string, b?: unknown, t?: string) => Promise<{ status: number; json: unknown }>;
}): Promise<Keys> {
  const create = async (name: string) => {
    const res = await server.api('POST', '/v1/keys', { name, expiresAt: null });
    const body = res.json as { key: { id: string }; secret: string };
    return { id: body.key.id, secret: body.secret };
  };
  const liveA = await create('payments prod');
  const liveB = await create('ci deploy');
  const gone = await create('retired');
  expect((await server.api('DELETE', `/v1/keys/${gone.id}`)).status).toBe(204);
  // A live key that was used a moment ago: the panel must say so.
  expect((await whoami(server as never, liveA.secret)).status).toBe(200);
  const untouched = await create('untouched');
  return { liveA, liveB, deleted: gone.secret, badChecksum: broken(generateSecret()), untouched };
}

/** A page where keys leaked: two live keys (one in a form field), a deleted one, a broken checksum and a placeholder. */
async function servePage(keys: Keys): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><title>Support ticket 4711</title>
<h1>Ticket 4711</h1>
<p id="leak">Customer pasted: <span>${keys.liveA.secret}</span></p>
<p>Old config: ${keys.deleted}</p>
<p>Typo'd: ${keys.badChecksum}</p>
<p>Docs say: use wbk_your_key_here in the header.</p>
<label>Reply <textarea>${keys.liveB.secret}</textarea></label>`;
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    // The browser's HTTP cache would keep the leaking page itself (that is the page's doing, not the
    // extension's); no-store leaves the profile search to find only what the extension wrote.
    res.setHeader('cache-control', 'no-store');
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.2:${port}/ticket/4711?from=chat`,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections(); // the browser's keep-alive connections would hold close() for a minute
      }),
  };
}

/** The browser as a debugger sees it: connections over the debugging port the ext fixture opened. */
class Debugger {
  private readonly connections: Browser[] = [];
  constructor(private readonly ext: ExtensionBrowser) {}

  async connect(): Promise<Browser> {
    const port = readFileSync(path.join(this.ext.profileDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    this.connections.push(browser);
    return browser;
  }

  /** Clicks the toolbar icon on the tab showing `url`, as the admin would: opens the real popup there and grants activeTab. */
  async clickToolbarIcon(url: string): Promise<Page> {
    const cdp = await (await this.connect()).newBrowserCDPSession();
    type Targets = { targetInfos: { targetId: string; type: string; url: string }[] };
    const targets = async (filter?: object) =>
      ((await cdp.send('Target.getTargets', (filter ? { filter } : {}) as never)) as unknown as Targets).targetInfos;
    const tab = (await targets([{ type: 'tab' }])).find((t) => t.url === url);
    if (!tab) throw new Error('test tab not found over CDP');
    const popupUrl = this.ext.url('popup');
    const before = new Set((await targets()).filter((t) => t.url.startsWith(popupUrl)).map((t) => t.targetId));
    await cdp.send('Extensions.triggerAction' as never, { id: this.ext.extensionId, targetId: tab.targetId } as never);
    await expect
      .poll(async () => (await targets()).some((t) => t.url.startsWith(popupUrl) && !before.has(t.targetId)), { timeout: 10_000 })
      .toBe(true);
    await cdp.detach();
    // The toolbar popup is no tab of Playwright's own context; a connection made after it opened sees it.
    const fresh = await this.connect();
    const popup = fresh
      .contexts()[0]!
      .pages()
      .find((p) => p.url().startsWith(popupUrl));
    if (!popup) throw new Error('toolbar popup not found');
    // Its console joins the run's, so the no-key-in-any-log-line guarantee covers it too.
    popup.on('console', (msg) => this.ext.consoleLines.push(`toolbar popup ${msg.type()}: ${msg.text()}`));
    popup.on('pageerror', (err) => this.ext.errors.push(`toolbar popup pageerror: ${err.message}`));
    return popup;
  }

  /** Leaves the connections to end with the browser: close() on a CDP-connected Browser would close Chromium itself. */
  get count(): number {
    return this.connections.length;
  }
}

test('scan a page, revoke a live key, see the proof; the context menu path; nothing kept anywhere', async ({ ext, server, connect }) => {
  test.setTimeout(60_000);
  const keys = await makeKeys(server);
  const unsent = generateSecret();
  const page = await servePage(keys);
  const debug = new Debugger(ext);
  try {
    await connect();
    const tab = await ext.context.newPage();
    await tab.goto(page.url);
    await tab.bringToFront();

    // ---- "Scan this page" from the real toolbar popup (activeTab) ----------
    const started = Date.now();
    const popup = await debug.clickToolbarIcon(page.url);
    await popup.getByRole('button', { name: 'Leaked key?' }).click();
    await popup.getByRole('button', { name: 'Scan this page' }).click();
    const results = popup.getByRole('region', { name: 'Lookup results' });
    await expect(results).toContainText('2 live keys of this organization.');
    // Exactly four outcomes: two live keys named, the deleted key not found, the broken checksum named; the placeholder not listed.
    await expect(results.getByRole('listitem')).toHaveCount(4);
    await expect(results.getByRole('heading', { name: /payments prod/ })).toBeVisible();
    await expect(results.getByRole('heading', { name: /ci deploy/ })).toBeVisible();
    await expect(results.getByText('Not a key of this organization, or a key that was already deleted.')).toHaveCount(1);
    await expect(results.getByText(/the checksum is wrong — probably mistyped or truncated/)).toHaveCount(1);
    await expect(results.getByText(/last used just now/)).toBeVisible(); // payments prod was used a moment ago
    await expect(results.getByText('never used')).toBeVisible();

    // ---- "Revoke now" → the naming confirmation → proof ---------------------
    await popup.getByRole('button', { name: 'Revoke now: payments prod' }).click();
    const dialog = popup.getByRole('dialog', { name: 'Delete “payments prod”?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(popup.getByText(/Revoked\. Proof: the key API now answers 401 key_invalid/)).toBeVisible();
    const clicking = Date.now() - started;
    expect((await whoami(server, keys.liveA.secret)).status).toBe(401);
    expect((await whoami(server, keys.liveB.secret)).status).toBe(200);
    console.log(`leak e2e: toolbar click → scan → revoke → proof in ${clicking} ms`);
    // The audit event has the reason and the page's origin, never its path.
    const audit = (await server.api('GET', `/v1/audit?keyId=${keys.liveA.id}&action=key.deleted`)).json as { events: { details: unknown }[] };
    expect(audit.events[0]?.details).toEqual({ reason: 'leaked', foundOn: new URL(page.url).origin });
    await popup.close();

    // ---- A page the browser lets no extension script: a clear message ----
    // (Before the menu's window opens: a toolbar popup closes when another window takes focus.)
    await tab.goto('chrome://version');
    const restricted = await debug.clickToolbarIcon('chrome://version/');
    await restricted.getByRole('button', { name: 'Leaked key?' }).click();
    await restricted.getByRole('button', { name: 'Scan this page' }).click();
    await expect(restricted.getByRole('alert')).toContainText("This page can't be scanned");
    await restricted.close();
    await tab.goto(page.url);

    // ---- The context menu: a real selection in the page, then the menu's onClicked listener ----
    await tab.bringToFront();
    await tab.locator('textarea').selectText();
    const selectionText = await tab.evaluate(() => {
      const field = document.querySelector('textarea')!;
      return field.value.slice(field.selectionStart, field.selectionEnd);
    });
    expect(selectionText).toBe(keys.liveB.secret);
    const tabId = await (
      await ext.worker()
    ).evaluate(
      async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? (await chrome.tabs.query({ active: true }))[0]?.id,
      page.url,
    );
    const panelUrl = `chrome-extension://${ext.extensionId}/popup.html#leak`;
    const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(panelUrl) });
    await (
      await ext.worker()
    ).evaluate(
      ([text, pageUrl, id]) =>
        (globalThis as unknown as { __wbkLeakMenuClick: (i: object, t: object) => Promise<void> }).__wbkLeakMenuClick(
          { menuItemId: 'wbk-leak-lookup', selectionText: text, pageUrl },
          { id, url: pageUrl },
        ),
      [selectionText, page.url, tabId] as const,
    );
    const panel = await opened;
    // The window's URL holds an id for the selection, never the text.
    expect(panel.url()).not.toContain(keys.liveB.secret);
    await expect(panel.getByRole('heading', { name: /ci deploy/ })).toBeVisible();
    // Used a moment ago (the whoami above that proved it still worked): the alarming part, said plainly.
    await expect(panel.getByRole('region', { name: 'Lookup results' }).getByText('last used just now')).toBeVisible();
    await expect(panel.getByRole('list', { name: 'API keys' })).toBeHidden(); // the panel stands alone
    await panel.getByRole('button', { name: 'Revoke now: ci deploy' }).click();
    await panel.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(panel.getByText(/Proof: the key API now answers 401/)).toBeVisible();
    expect((await whoami(server, keys.liveB.secret)).status).toBe(401);

    // ---- "Check a key": a paste ----
    await panel.getByLabel('Check a key').fill(`pasted: ${keys.deleted} and ${keys.badChecksum}`);
    await panel.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(panel.getByLabel('Check a key')).toHaveValue('');
    await expect(panel.getByText('None is a live key of this organization.')).toBeVisible();
    // Pasted and never sent, with the window left open until the browser quits: session restore must find nothing to keep.
    await panel.getByLabel('Check a key').fill(`left here: ${unsent}`);
  } finally {
    await page.close();
  }

  // ---- Nothing kept: the profile, the server's database files and output hold no live key's text ----
  const closing = Date.now();
  await ext.close();
  console.log(`leak e2e: browser closed in ${Date.now() - closing} ms`);
  for (const secret of [keys.liveA.secret, keys.liveB.secret, keys.deleted, unsent]) {
    expect(findInProfile(ext.profileDir, secret)).toEqual([]);
    expect(ext.consoleLines.join('\n')).not.toContain(secret);
    expect(server.output()).not.toContain(secret);
  }
  const dbBytes = readdirSync(server.dbDir)
    .map((f) => readFileSync(path.join(server.dbDir, f)).toString('latin1'))
    .join('\n');
  expect(dbBytes).not.toContain(keys.liveA.secret);
  expect(dbBytes).not.toContain(keys.liveB.secret);
  expect(dbBytes).not.toContain(keys.untouched.secret);
  expect(dbBytes).toContain(sha256(keys.untouched.secret)); // a hash is all the server keeps of a key
});

test('a paste left in the field is not written to the profile by session restore', async ({ ext, connect }) => {
  await connect();
  const unsent = generateSecret();
  // A tab of a normal window: the kind whose form contents Chrome's session restore saves.
  const panel = await ext.context.newPage();
  await panel.goto(`${ext.url('popup')}#leak`);
  await panel.getByLabel('Check a key').fill(`left here: ${unsent}`);
  // Let the page state reach the browser process (it is sent shortly after a change), then quit with the tab open.
  await panel.waitForTimeout(3000);
  await ext.close();
  expect(findInProfile(ext.profileDir, unsent)).toEqual([]);
});

test('the leak panel passes axe in light and dark mode and works by keyboard alone', async ({ ext, server, connect }) => {
  await connect();
  const { secret } = (await server.api('POST', '/v1/keys', { name: 'keyboard key', expiresAt: null })).json as { secret: string };
  const popup = await ext.context.newPage();
  await popup.goto(ext.url('popup'));
  // Keyboard only: to the "Leaked key?" button, open; focus lands in the paste field.
  await popup.getByRole('button', { name: 'Leaked key?' }).focus();
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('Check a key')).toBeFocused();
  await popup.keyboard.insertText(secret);
  await popup.keyboard.press('Tab'); // Check
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: /keyboard key/ })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page: popup }).analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      colorScheme,
    ).toEqual([]);
  }
  await popup.getByRole('button', { name: 'Revoke now: keyboard key' }).focus();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('dialog')).toBeVisible();
  await popup.keyboard.press('Escape'); // cancel: the key stays
  await expect(popup.getByRole('dialog')).toBeHidden();
  expect((await whoami(server, secret)).status).toBe(200);
  await popup.getByRole('button', { name: 'Close' }).focus();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('button', { name: 'Leaked key?' })).toBeFocused();
});
