import { defineConfig } from '@playwright/test';

// End-to-end tests against the real reference server on a loopback port, in
// two real browsers:
// - chromium: the built extension (.output/chrome-mv3) in Debian's Chromium,
//   driven by Playwright (testkit/browser.ts).
// - firefox: the Firefox build (.output/firefox-mv3) as a temporary add-on in
//   Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi
//   (testkit/firefox.ts); Playwright's runner only runs the tests.
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
    { name: 'firefox', testDir: 'tests/firefox' },
  ],
});
