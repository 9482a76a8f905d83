// Launches Debian's Firefox ESR (or FIREFOX_PATH) with the Firefox build
// installed as a temporary add-on in a fresh profile, driven by puppeteer-core
// over WebDriver BiDi (Playwright's own Firefox can't be downloaded here, and
// Debian's Firefox doesn't speak Playwright's protocol). The one place that
// knows Firefox: tests/firefox/** only use what this returns.
import puppeteer, { type Browser, type Page, type ConsoleMessage } from 'puppeteer-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIREFOX_EXTENSION_DIR = path.resolve(import.meta.dirname, '../.output/firefox-mv3');
/** browser_specific_settings.gecko.id in wxt.config.ts. */
const GECKO_ID = 'api-keys@workbase.example';
/**
 * The add-on's internal UUID (its moz-extension:// host). Firefox picks a
 * random one at install unless extensions.webextensions.uuids already maps the
 * id, so the profile is seeded with a fixed one.
 */
const ADDON_UUID = '6f1e3a52-4c1b-4e4a-9b7e-2d3c4b5a6f70';

function firefoxPath(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/firefox-esr', '/usr/bin/firefox']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('No Firefox found: install it (apt-get install -y firefox-esr) or set FIREFOX_PATH.');
}

const PREFS: Record<string, unknown> = {
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
  // permissions.request still refuses calls outside a user input handler (the
  // check runs first), but a request made inside one is granted without the
  // doorhanger nobody can click in headless Firefox. This is how the tests
  // grant "notifications" and an https origin at runtime.
  'extensions.webextOptionalPermissionPrompts': false,
  // No network chatter on this closed network.
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
};

export interface FirefoxExtension {
  browser: Browser;
  profileDir: string;
  url: (page: 'popup' | 'options') => string;
  /** Opens an extension page in a new tab and waits until Preact rendered into #app (the load event may never fire). */
  openPage: (page: 'popup' | 'options') => Promise<Page>;
  /** Runs `fn` in an extension page (same API access as the background page: `browser.*`, `chrome.*`). */
  evaluate: <T, A>(fn: (arg: A) => T | Promise<T>, arg: A) => Promise<T>;
  /** The background event page's state as Firefox's add-on manager sees it: 'running', 'stopped', ... */
  backgroundState: () => Promise<string>;
  /** Suspends the background event page, as Firefox does after 30 s idle. */
  suspendBackground: () => Promise<void>;
  /** Every console line from extension pages, for "no secret in logs" checks. */
  consoleLines: string[];
  /** Page errors and console.error lines. */
  errors: string[];
  close: () => Promise<void>;
}

export async function launchFirefox(
  options: { profileDir?: string; extensionDir?: string; prefs?: Record<string, unknown> } = {},
): Promise<FirefoxExtension> {
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`Build the Firefox add-on first (npx wxt build -b firefox): ${extensionDir} is missing.`);
  }
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'wbk-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profileDir,
    // Without it Firefox refuses to let the automation client open moz-extension:// pages
    // (and the browser window's privileged scope that suspendBackground uses).
    env: { ...process.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1' },
    // The https tests use a self-signed loopback certificate.
    acceptInsecureCerts: true,
    extraPrefsFirefox: { ...PREFS, ...options.prefs },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (err) {
    await browser.close();
    throw err;
  }
  const base = `moz-extension://${ADDON_UUID}/`;
  const consoleLines: string[] = [];
  const errors: string[] = [];

  const openPage = async (name: 'popup' | 'options'): Promise<Page> => {
    const page = await browser.newPage();
    const where = `${name}.html`;
    page.on('console', (msg: ConsoleMessage) => {
      consoleLines.push(`${where} ${msg.type()}: ${msg.text()}`);
      if (msg.type() === 'error') errors.push(`${where}: ${msg.text()}`);
    });
    page.on('pageerror', (err: unknown) => errors.push(`${where} pageerror: ${err instanceof Error ? err.message : String(err)}`));
    // The navigation promise may never settle for extension pages: wait for the app instead.
    // Polled by hand: while the tab navigates, Firefox's BiDi can fail a query outright.
    page.goto(base + where).catch(() => undefined);
    const deadline = Date.now() + 15_000;
    while (!(await page.$('#app > *').catch(() => null))) {
      if (Date.now() > deadline) throw new Error(`${where} did not render within 15 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return page;
  };

  let helper: Page | null = null;
  const evaluate = async <T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> => {
    if (!helper || helper.isClosed()) helper = await openPage('options');
    return (await helper.evaluate(fn as unknown as (arg: unknown) => Promise<unknown>, arg)) as T;
  };

  // Privileged script in the browser window itself (allowed by
  // MOZ_REMOTE_ALLOW_SYSTEM_ACCESS): the add-on manager's view of the background.
  const chromeEval = async (body: string): Promise<string> => {
    const connection = (browser as unknown as { connection: BidiConnection }).connection;
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const context = tree.result.contexts[0]?.context;
    if (!context) throw new Error('Firefox exposed no chrome window');
    const expression = `(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)});
      ${body}
    })()`;
    const reply = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (reply.result.type !== 'success') throw new Error(`chrome script failed: ${JSON.stringify(reply.result).slice(0, 500)}`);
    return String(reply.result.result?.value);
  };

  return {
    browser,
    profileDir,
    url: (name) => `${base}${name}.html`,
    openPage,
    evaluate,
    backgroundState: () => chromeEval('return String(extension.backgroundState);'),
    suspendBackground: async () => {
      // What Firefox runs when the idle timer fires (and about:debugging's "Terminate background script").
      const state = await chromeEval(
        'await extension.terminateBackground({ ignoreDevToolsAttached: true }); return String(extension.backgroundState);',
      );
      if (state !== 'stopped') throw new Error(`background did not stop: ${state}`);
    },
    consoleLines,
    errors,
    close: () => browser.close(),
  };
}

/** The two BiDi commands used above; puppeteer's connection type is internal. */
interface BidiConnection {
  send(method: 'browsingContext.getTree', params: Record<string, unknown>): Promise<{ result: { contexts: { context: string; url: string }[] } }>;
  send(
    method: 'script.evaluate',
    params: Record<string, unknown>,
  ): Promise<{ result: { type: 'success'; result?: { value?: unknown } } | { type: 'exception'; exceptionDetails: unknown } }>;
}
