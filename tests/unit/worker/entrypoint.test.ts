import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import background from '../../../entrypoints/background';
import { REFUSED } from '../../../lib/worker/router';

beforeEach(() => fakeBrowser.reset());

it('registers both listeners synchronously and answers messages through sendResponse', async () => {
  // fake-browser has no onConnect: stand in for it.
  const onConnect = vi.spyOn(browser.runtime.onConnect, 'addListener').mockImplementation(() => {});
  // Nor contextMenus.onClicked: the leak menu's click must find its listener on a cold start too.
  const onMenuClick = vi.spyOn(browser.contextMenus.onClicked, 'addListener').mockImplementation(() => {});
  const result = background.main();
  expect(result).toBeUndefined(); // synchronous: nothing awaited before the listeners exist
  expect(onConnect).toHaveBeenCalledTimes(2); // the create Port and the leak panel Port
  expect(onMenuClick).toHaveBeenCalledTimes(1);
  // fake-browser sends with an empty sender, which is not "this extension": the router must refuse it.
  expect(await browser.runtime.sendMessage({ type: 'connection.get' })).toEqual({ error: REFUSED });
});
