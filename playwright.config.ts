import { defineConfig } from '@playwright/test';

// End-to-end tests against the real reference server on a loopback port, in
// two real browsers:
// - chromium: tests/e2e, the built extension (.output/chrome-mv3) in Debian's
//   Chromium, driven by Playwright's Page API (testkit/browser.ts): the whole
//   suite (fault matrix, a11y, security, ...).
// - firefox and chromium-cross: tests/cross-browser, each flow written once and
//   run in both browsers through one puppeteer-core driver
//   (testkit/extension-browser.ts): Firefox ESR over WebDriver BiDi (Playwright's
//   own Firefox can't be downloaded here), Chromium over CDP. The fixture picks
//   the browser from the project's metadata.browser.
// One worker: on 2 cores a second one is no faster, and each test already runs
// its own browser and server.
export default defineConfig({
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'off', video: 'off' },
  projects: [
    { name: 'chromium', testDir: 'tests/e2e' },
    { name: 'firefox', testDir: 'tests/cross-browser', metadata: { browser: 'firefox' } },
    { name: 'chromium-cross', testDir: 'tests/cross-browser', metadata: { browser: 'chromium' } },
  ],
});
