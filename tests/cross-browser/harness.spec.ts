// The harness checks itself in both browsers: the fixture's "no page
// exception, no secret in any log line" checks are only worth something if the
// capture sees what extension pages print and throw.
import { test, expect } from './support/fixtures';

test('console capture sees console.error and exceptions thrown in extension pages', async ({ ext, engine }) => {
  // Found by this test: over WebDriver BiDi, Firefox ESR 153 reports no console
  // entry or page error of moz-extension:// pages to puppeteer (a data: page's
  // are), so in Firefox the fixture's log checks see nothing yet.
  test.fixme(engine === 'firefox', 'Firefox BiDi reports nothing from moz-extension:// pages: the log checks are blind there');
  const popup = await ext.openPage('popup');
  await popup.evaluate(() => {
    console.error('page-error-marker');
    setTimeout(() => {
      throw new Error('thrown-marker');
    });
  });
  await expect.poll(() => ext.errors.join('\n')).toContain('page-error-marker');
  await expect.poll(() => ext.errors.join('\n')).toMatch(/pageerror: .*thrown-marker/);
  expect(ext.consoleLines.join('\n')).toContain('page-error-marker');
  // Clear them, or the fixture's suite-wide check would (rightly) fail this test.
  ext.errors.length = 0;
});
