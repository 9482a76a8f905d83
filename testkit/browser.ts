// Launches Debian's Chromium (or CHROME_PATH) with the built extension loaded
// into a fresh profile directory, the way an admin's browser would run it.
import { chromium, type BrowserContext, type Worker, type ConsoleMessage } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../.output/chrome-mv3');

export function chromePath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROME_PATH.');
}

// Without these, Chromium stalls on this machine's closed network; --no-sandbox because CI runs as root.
export const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  profileDir: string;
  extensionId: string;
  worker: () => Promise<Worker>;
  /** Every console line from pages and the service worker, for "no secret in logs" checks. */
  consoleLines: string[];
  /** Errors: console.error, page errors and unhandled rejections. */
  errors: string[];
  url: (page: 'popup' | 'options') => string;
  close: () => Promise<void>;
}

export async function launchExtension(
  options: {
    profileDir?: string;
    colorScheme?: 'light' | 'dark';
    otherExtensions?: string[];
    /** The unpacked extension to load; the bench passes its private build. */
    extensionDir?: string;
    /** More Chromium switches, e.g. a debugging port for CDP's Extensions domain (tests/e2e/leak.spec.ts). */
    extraArgs?: string[];
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`Build the extension first (npx wxt build): ${extensionDir} is missing.`);
  }
  const extensions = [extensionDir, ...(options.otherExtensions ?? [])].join(',');
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'wbk-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromePath(),
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    args: [`--disable-extensions-except=${extensions}`, `--load-extension=${extensions}`, ...QUIET_ARGS, ...(options.extraArgs ?? [])],
  });
  const consoleLines: string[] = [];
  const errors: string[] = [];
  const watchConsole = (where: string) => (msg: ConsoleMessage) => {
    consoleLines.push(`${where} ${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(`${where}: ${msg.text()}`);
  };
  context.on('page', (page) => {
    page.on('console', watchConsole(page.url()));
    page.on('pageerror', (err) => errors.push(`${page.url()} pageerror: ${err.message}`));
  });
  const watchWorker = (w: Worker) => w.on('console', watchConsole('worker'));
  context.on('serviceworker', watchWorker);
  context.serviceWorkers().forEach(watchWorker);

  const worker = async (): Promise<Worker> => {
    const ours = (w: Worker) => w.url().startsWith('chrome-extension://') && w.url().endsWith('/background.js');
    return context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', { predicate: ours, timeout: 15_000 }));
  };
  // The extension id derives from the build folder's absolute path: read it, never hard-code it.
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    profileDir,
    extensionId,
    worker,
    consoleLines,
    errors,
    url: (page) => `chrome-extension://${extensionId}/${page}.html`,
    close: () => context.close(),
  };
}

/**
 * Stops the extension's service worker through CDP, as Chrome does after 30 s
 * idle. Playwright keeps it alive otherwise.
 */
export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const cdp = await browser.context.newCDPSession(page);
  const versions: { versionId: string; scriptURL: string; runningStatus: string }[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: typeof versions }) => versions.push(...e.versions));
  await cdp.send('ServiceWorker.enable');
  const deadline = Date.now() + 5_000;
  while (!versions.some((v) => v.scriptURL.includes(browser.extensionId)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const ours = versions.filter((v) => v.scriptURL.includes(browser.extensionId) && v.runningStatus !== 'stopped');
  if (ours.length === 0) throw new Error('extension service worker not found over CDP');
  for (const v of ours) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
  await cdp.detach();
}
