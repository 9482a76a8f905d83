// The offscreen document (Chrome): answers the worker's "clear if it still
// holds this hash" and nothing else. Wiring only; the logic is in lib/clipboard.
import { browser } from 'wxt/browser';
import { isOwnSender } from '../../lib/shared/sender';
import { clearIfMatches } from '../../lib/shared/clipboard/compare-clear';
import { execCommandClipboard } from '../../lib/offscreen/dom-clipboard';
import { OffscreenRequest, type OffscreenReply } from '../../lib/shared/clipboard/offscreen-messages';

const runtime = { id: browser.runtime.id, getURL: (path: string) => browser.runtime.getURL(path as '/') };

browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (reply: OffscreenReply) => void) => {
  // Pages' requests to the worker reach this document too: stay silent for anything that isn't ours.
  if (!isOwnSender(sender, runtime)) return false;
  const parsed = OffscreenRequest.safeParse(message);
  if (!parsed.success) return false;
  clearIfMatches(execCommandClipboard(document), parsed.data.sha256).then(
    (outcome) => sendResponse({ outcome }),
    (error: unknown) => sendResponse({ error: error instanceof Error ? error.message.slice(0, 500) : 'Clipboard access failed.' }),
  );
  return true; // sendResponse is called asynchronously
});
