// Flows of the Chromium suite that have no Firefox counterpart, and why.
import { test } from '@playwright/test';

test.skip('the offscreen clipboard document is created for the clear and closed after it', () => {
  // Firefox has no offscreen API and the Firefox build ships no offscreen.html
  // (lint.spec.ts): the background event page clears the clipboard itself,
  // covered by background.spec.ts.
});

test.skip('the service worker stopped over CDP and restarted', () => {
  // Firefox runs the MV3 background as an event page, not a service worker, and
  // has no CDP: background.spec.ts suspends the event page the way Firefox's
  // idle timer does (testkit/firefox.ts suspendBackground).
});
