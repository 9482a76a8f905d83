// One driver for the cross-browser end-to-end suite: the built extension in
// Debian's Firefox ESR (FIREFOX_PATH) or Debian's Chromium (CHROME_PATH), both
// driven by puppeteer-core (Firefox over WebDriver BiDi: Playwright's own
// Firefox can't be downloaded here, and Debian's doesn't speak its protocol).
// Every difference between the two browsers is decided here: how the build is
// installed and what its extension URL is, how a permission is pre-set, how the
// clipboard is read, how the background is suspended, what the profile search
// must decode. tests/cross-browser/** only use what this returns.
import puppeteer, { TargetType, type Browser, type Page, type ConsoleMessage, type Target, type WebWorker } from 'puppeteer-core';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromePath, EXTENSION_DIR, QUIET_ARGS } from './browser';
import { findInProfile } from './profile-search';
import { findInFirefoxIndexedDB } from './firefox-idb-search';

export type BrowserName = 'firefox' | 'chromium';
type ExtensionPage = 'popup' | 'options';

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

const FIREFOX_PREFS: Record<string, unknown> = {
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
  // permissions.request still refuses calls outside a user input handler (the
  // check runs first), but a request made inside one is granted without the
  // doorhanger nobody can click in headless Firefox. This is how the tests
  // grant "notifications" and an https origin at runtime in Firefox.
  'extensions.webextOptionalPermissionPrompts': false,
  // No network chatter on this closed network.
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
};

export interface ExtensionUnderTest {
  name: BrowserName;
  browser: Browser;
  profileDir: string;
  url: (page: ExtensionPage) => string;
  /** Opens an extension page in a new tab and waits until Preact rendered into #app (Firefox may never fire the load event). */
  openPage: (page: ExtensionPage) => Promise<Page>;
  /** Runs `fn` in an extension page, with the same API access as the background (`browser.*` exists in both browsers). */
  evaluate: <T, A>(fn: (arg: A) => T | Promise<T>, arg: A) => Promise<T>;
  /** 'running' or 'stopped' (Firefox: the add-on manager's event page state; Chromium: the service worker's, over CDP). */
  backgroundState: () => Promise<string>;
  /** Suspends the background as the browser does when idle: Firefox's event page timer, Chromium's service worker stop. */
  suspendBackground: () => Promise<void>;
  /** The clipboard's text, read by a focused extension page the way any app would. */
  readClipboard: () => Promise<string>;
  /**
   * Starts watching notifications (call it after "notifications" is granted)
   * and returns a reader of the ids shown since, sorted.
   */
  watchNotifications: () => Promise<() => Promise<string[]>>;
  /** Files of the profile holding `needle`, in every encoding this browser stores it in. Close the browser first. */
  searchProfile: (needle: string) => string[];
  /** Every console line from extension pages (and Chromium's service worker), for "no secret in logs" checks. */
  consoleLines: string[];
  /** Page errors and console.error lines. */
  errors: string[];
  close: () => Promise<void>;
}

export interface LaunchOptions {
  profileDir?: string;
  extensionDir?: string;
  /**
   * Optional API permissions the test needs granted. Firefox: nothing to do,
   * the click that asks for it is granted without a prompt (see FIREFOX_PREFS).
   * Chromium: its prompt can't be answered headless (the request never
   * resolves), so the grant is written into the profile first, as Chrome
   * writes it when an admin accepts the prompt.
   */
  granted?: string[];
}

export async function launchExtensionBrowser(name: BrowserName, options: LaunchOptions = {}): Promise<ExtensionUnderTest> {
  return name === 'firefox' ? launchFirefox(options) : launchChromium(options);
}

// ---------------------------------------------------------------------------
// What both browsers share once launched: pages, console capture, evaluate.

interface Base {
  browser: Browser;
  base: string;
  consoleLines: string[];
  errors: string[];
}

function pageTools({ browser, base, consoleLines, errors }: Base) {
  const watch = (page: Page, where: string) => {
    page.on('console', (msg: ConsoleMessage) => {
      consoleLines.push(`${where} ${msg.type()}: ${msg.text()}`);
      if (msg.type() === 'error') errors.push(`${where}: ${msg.text()}`);
    });
    page.on('pageerror', (err: unknown) => errors.push(`${where} pageerror: ${err instanceof Error ? err.message : String(err)}`));
  };
  const openPage = async (name: ExtensionPage): Promise<Page> => {
    const page = await browser.newPage();
    const where = `${name}.html`;
    watch(page, where);
    // The navigation promise may never settle for extension pages in Firefox: wait for the app instead.
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
  const helperPage = async (): Promise<Page> => {
    if (!helper || helper.isClosed()) helper = await openPage('options');
    return helper;
  };
  const evaluate = async <T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> =>
    (await (await helperPage()).evaluate(fn as unknown as (arg: unknown) => Promise<unknown>, arg)) as T;
  const readClipboard = async (): Promise<string> => {
    const page = await helperPage();
    await page.bringToFront(); // Chromium reads the clipboard only from a focused document.
    return page.evaluate(() => navigator.clipboard.readText());
  };
  return { openPage, evaluate, readClipboard };
}

// ---------------------------------------------------------------------------
// Firefox ESR: the build installed as a temporary add-on, over WebDriver BiDi.

async function launchFirefox(options: LaunchOptions): Promise<ExtensionUnderTest> {
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
    extraPrefsFirefox: FIREFOX_PREFS,
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
  const tools = pageTools({ browser, base, consoleLines, errors });

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
    name: 'firefox',
    browser,
    profileDir,
    url: (name) => `${base}${name}.html`,
    ...tools,
    backgroundState: () => chromeEval('return String(extension.backgroundState);'),
    suspendBackground: async () => {
      // What Firefox runs when the idle timer fires (and about:debugging's "Terminate background script").
      const state = await chromeEval(
        'await extension.terminateBackground({ ignoreDevToolsAttached: true }); return String(extension.backgroundState);',
      );
      if (state !== 'stopped') throw new Error(`background did not stop: ${state}`);
    },
    watchNotifications: async () => {
      // Headless Firefox has no alert backend: a notification is created and
      // closed at once (onClosed fires, getAll() stays empty). So listen in an
      // extension page opened after the grant (the API exists there only then).
      await tools.evaluate(recordClosedNotifications, null);
      return () => tools.evaluate(closedNotifications, null);
    },
    // Firefox snappy-compresses IndexedDB values (storage.local lives there): a byte search alone can't see them.
    searchProfile: (needle) => [...new Set([...findInProfile(profileDir, needle), ...findInFirefoxIndexedDB(profileDir, needle)])],
    consoleLines,
    errors,
    close: () => browser.close(),
  };
}

// Evaluated in an extension page; top level so `browser` is the extension API, not a puppeteer Browser.
const recordClosedNotifications = () => {
  const page = globalThis as unknown as { seenNotifications: string[] };
  page.seenNotifications = [];
  browser.notifications.onClosed.addListener((id) => void page.seenNotifications.push(id));
};
const closedNotifications = () => [...(globalThis as unknown as { seenNotifications: string[] }).seenNotifications].sort();
const shownNotifications = async () => Object.keys(await browser.notifications.getAll()).sort();

/** The two BiDi commands used above; puppeteer's connection type is internal. */
interface BidiConnection {
  send(method: 'browsingContext.getTree', params: Record<string, unknown>): Promise<{ result: { contexts: { context: string; url: string }[] } }>;
  send(
    method: 'script.evaluate',
    params: Record<string, unknown>,
  ): Promise<{ result: { type: 'success'; result?: { value?: unknown } } | { type: 'exception'; exceptionDetails: unknown } }>;
}

// ---------------------------------------------------------------------------
// Chromium: the unpacked build loaded at start, over CDP.

async function launchChromium(options: LaunchOptions): Promise<ExtensionUnderTest> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`Build the extension first (npx wxt build): ${extensionDir} is missing.`);
  }
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'wbk-chromium-'));
  const ours = (t: Target) =>
    t.type() === TargetType.SERVICE_WORKER && t.url().startsWith('chrome-extension://') && t.url().endsWith('/background.js');
  const start = async () => {
    const browser = await puppeteer.launch({
      browser: 'chrome',
      executablePath: chromePath(),
      headless: true,
      userDataDir: profileDir,
      // Drops puppeteer's default --disable-extensions.
      enableExtensions: true,
      args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...QUIET_ARGS],
    });
    try {
      const worker = await browser.waitForTarget(ours, { timeout: 15_000 });
      // The extension id derives from the build folder's absolute path: read it, never hard-code it.
      return { browser, extensionId: new URL(worker.url()).host };
    } catch (err) {
      await browser.close();
      throw err;
    }
  };
  let launched = await start();
  if (options.granted?.length) {
    await launched.browser.close();
    grantInPreferences(profileDir, launched.extensionId, options.granted);
    launched = await start();
  }
  const { browser, extensionId } = launched;
  const base = `chrome-extension://${extensionId}/`;
  const consoleLines: string[] = [];
  const errors: string[] = [];
  const tools = pageTools({ browser, base, consoleLines, errors });

  // The service worker's console, across restarts. An attached session keeps a
  // service worker from ever stopping, so suspendBackground detaches first; the
  // restarted worker is a new target and is watched again.
  const workerSessions = new Set<WebWorker>();
  const watchWorker = async (target: Target) => {
    if (!ours(target)) return;
    const worker = await target.worker().catch(() => null);
    if (!worker) return;
    workerSessions.add(worker);
    worker.on('console', (msg: ConsoleMessage) => {
      consoleLines.push(`worker ${msg.type()}: ${msg.text()}`);
      if (msg.type() === 'error') errors.push(`worker: ${msg.text()}`);
    });
  };
  browser.on('targetcreated', (t: Target) => void watchWorker(t));
  await Promise.all(browser.targets().map(watchWorker));
  // The Copy button's write and the tests' read: what Chrome asks the user for, granted up front.
  await browser.defaultBrowserContext().overridePermissions(base.slice(0, -1), ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);

  /** The extension's service worker versions as CDP reports them. */
  const workerVersions = async () => {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    const cdp = await page.createCDPSession();
    const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.includes(extensionId)) versions.set(v.versionId, v);
    });
    await cdp.send('ServiceWorker.enable');
    const deadline = Date.now() + 5_000;
    while (versions.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { cdp, versions: [...versions.values()] };
  };

  return {
    name: 'chromium',
    browser,
    profileDir,
    url: (name) => `${base}${name}.html`,
    ...tools,
    backgroundState: async () => {
      const { cdp, versions } = await workerVersions();
      await cdp.detach();
      return versions.some((v) => v.runningStatus === 'running') ? 'running' : 'stopped';
    },
    suspendBackground: async () => {
      // As Chrome does after 30 s idle (puppeteer would keep it alive otherwise).
      for (const worker of workerSessions) await worker.client.detach().catch(() => undefined);
      workerSessions.clear();
      const { cdp, versions } = await workerVersions();
      const running = versions.filter((v) => v.runningStatus !== 'stopped');
      if (running.length === 0) throw new Error('extension service worker not found over CDP');
      for (const v of running) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
      await cdp.detach();
    },
    // Headless Chromium keeps notifications in the tray: getAll() lists what was shown.
    watchNotifications: async () => () => tools.evaluate(shownNotifications, null),
    // Chromium stores chrome.storage and IndexedDB in LevelDB, plain bytes (UTF-8 or UTF-16LE).
    searchProfile: (needle) => findInProfile(profileDir, needle),
    consoleLines,
    errors,
    close: () => browser.close(),
  };
}

/** Records API permissions as granted in the profile's Preferences (extensions.settings.<id>), what Chrome writes when the prompt is accepted. */
function grantInPreferences(profileDir: string, extensionId: string, permissions: string[]): void {
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as {
    extensions: { settings: Record<string, Record<string, { api: string[] } | undefined>> };
  };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error('extension settings not found in the profile');
  for (const field of ['active_permissions', 'granted_permissions']) settings[field]?.api.push(...permissions);
  settings.runtime_granted_permissions = { api: permissions };
  writeFileSync(file, JSON.stringify(prefs));
}
