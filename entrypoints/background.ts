// Wiring only: listeners are registered synchronously when the worker starts,
// so a worker restarted by a message answers that very message.
import { browser } from 'wxt/browser';
import { createBackgroundContext } from '../lib/worker/main';
import { handleRequest } from '../lib/worker/router';
import { handleCreatePort } from '../lib/worker/create-port';
import { reportUnhandled } from '../lib/worker/unhandled';

export default defineBackground(() => {
  reportUnhandled(globalThis);
  const ctx = createBackgroundContext();
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (reply: unknown) => void) => {
    void handleRequest(message, sender, ctx).then(sendResponse);
    return true; // sendResponse is called asynchronously
  });
  browser.runtime.onConnect.addListener((port) => {
    void handleCreatePort(port, ctx);
  });
});
