// Picks how the worker clears: Chrome through the offscreen document, Firefox
// (no offscreen API; its MV3 background is an event page with a DOM) in place.
import { browser } from 'wxt/browser';
import { clearIfMatches, type ClearOutcome, type ClipboardIo } from '../../shared/clipboard/compare-clear';
import { createOffscreenClearer, OFFSCREEN_PATH } from './offscreen-clearer';

export function createBackgroundClearer(): (sha256: string) => Promise<ClearOutcome> {
  const offscreen = (browser as { offscreen?: typeof browser.offscreen }).offscreen;
  if (offscreen === undefined) return (sha256) => clearIfMatches(navigatorClipboard(navigator), sha256);
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  return createOffscreenClearer({
    offscreen: {
      createDocument: (params) => offscreen.createDocument({ ...params, reasons: [browser.offscreen.Reason.CLIPBOARD] }),
      closeDocument: () => offscreen.closeDocument(),
    },
    hasDocument: async () => {
      const contexts = await browser.runtime.getContexts({ contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
      return contexts.length > 0;
    },
    sendMessage: (message) => browser.runtime.sendMessage(message),
  });
}

/** Firefox's background page: navigator.clipboard with the clipboardRead/Write permissions. */
function navigatorClipboard(nav: Navigator): ClipboardIo {
  return {
    read: () => nav.clipboard.readText(),
    write: (text) => nav.clipboard.writeText(text),
  };
}
