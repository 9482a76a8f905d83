// What every end-to-end test checks after it ran, whatever browser drove it:
// the product's core promise (no key secret or admin token in any log line or
// the server's output) and no exception or unhandled rejection anywhere.
import { expect, type TestInfo } from '@playwright/test';
import { SECRET_IN_TEXT } from '../lib/shared/contract/secret';
import { TEST_TOKEN_PREFIX, type RunningServer } from './server';

export function expectServerOutputClean(server: RunningServer): void {
  expect(server.output()).not.toMatch(SECRET_IN_TEXT);
  expect(server.output()).not.toContain(server.adminToken);
}

export function expectExtensionRunClean(ext: { errors: readonly string[]; consoleLines: readonly string[] }, testInfo: TestInfo): void {
  if (testInfo.status !== testInfo.expectedStatus && ext.errors.length) {
    console.log(`console errors during "${testInfo.title}":\n${ext.errors.join('\n')}`);
  }
  // No exception or unhandled rejection in any page or the worker (lib/worker/unhandled.ts logs the worker's).
  expect(ext.errors.filter((e) => /pageerror|unhandled rejection|uncaught error/.test(e))).toEqual([]);
  const logged = ext.consoleLines.join('\n');
  expect(logged).not.toMatch(SECRET_IN_TEXT);
  expect(logged).not.toContain(TEST_TOKEN_PREFIX);
}
