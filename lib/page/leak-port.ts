// The leak panel's Port: while it is open the worker may hold the leaked texts
// the panel looked up; when the panel closes (or the popup goes away without
// a word) the Port disconnects and the worker forgets them.
import { browser } from 'wxt/browser';
import { LEAK_PANEL_PORT } from '../shared/messages/leak-forget';

export function openLeakPort(): () => void {
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  try {
    port = browser.runtime.connect({ name: LEAK_PANEL_PORT });
  } catch {
    // No worker to hold anything: nothing to close either.
  }
  return () => {
    try {
      port?.disconnect();
    } catch {
      /* already closed */
    }
  };
}
