import { defineConfig } from '@playwright/test';

// End-to-end tests load the built extension (.output/chrome-mv3) into real
// Chromium and talk to the real reference server on a loopback port. One
// worker: on 2 cores a second one is no faster, and each test already runs
// its own browser and server.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
