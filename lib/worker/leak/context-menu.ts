// "Look up Workbase key" on a selection (contextMenus: the selected text is
// all the extension receives; no host permission, no content script). The
// click holds the selection in worker memory and opens the leak panel in a
// small window, whose URL carries only an id for it — never the text.
import { browser } from 'wxt/browser';
import { pageOrigin } from '../../shared/contract/leak';
import { LEAK_TEXT_MAX } from '../../shared/messages/leak-lookup';
import { LEAK_PANEL_PORT } from '../../shared/messages/leak-forget';
import { isOwnSender, type RuntimeLike } from '../../shared/sender';
import { leakMemory } from './memory';

const LEAK_MENU_ID = 'wbk-leak-lookup';

/** What the onClicked listener reads of its arguments. */
interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
}

/** The panel's address: popup.html#leak, with the held selection's id and the tab it came from (the scan button's target). */
function leakPanelPath(selection: string | null, tabId: number | undefined): string {
  const params = new URLSearchParams();
  if (selection) params.set('selection', selection);
  if (tabId !== undefined) params.set('tab', String(tabId));
  const qs = params.toString();
  return `/popup.html#leak${qs ? `&${qs}` : ''}`;
}

async function onMenuClicked(info: MenuClick, tab: { id?: number; url?: string } | undefined): Promise<void> {
  if (info.menuItemId !== LEAK_MENU_ID) return;
  const text = (info.selectionText ?? '').slice(0, LEAK_TEXT_MAX);
  const selection = leakMemory.holdSelection(text, pageOrigin(info.pageUrl ?? tab?.url));
  await browser.windows.create({
    url: browser.runtime.getURL(leakPanelPath(selection, tab?.id) as '/popup.html'),
    type: 'popup',
    width: 420,
    height: 620,
  });
}

interface PortLike {
  name: string;
  sender?: { id?: string; url?: string };
  disconnect(): void;
  onDisconnect: { addListener(listener: () => void): void };
}

/** Registers the menu and the panel Port listener; called synchronously at worker start. */
export function startLeakResponse(runtime: RuntimeLike): void {
  browser.runtime.onInstalled.addListener(() => {
    // Menus persist across worker restarts: made once per install or update.
    void browser.contextMenus
      .removeAll()
      .then(() => browser.contextMenus.create({ id: LEAK_MENU_ID, title: 'Look up Workbase key', contexts: ['selection'] }));
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab).catch(() => {}));
  browser.runtime.onConnect.addListener((port: PortLike) => {
    if (port.name !== LEAK_PANEL_PORT) return;
    if (!isOwnSender(port.sender, runtime)) {
      port.disconnect();
      return;
    }
    leakMemory.panelOpened();
    port.onDisconnect.addListener(() => leakMemory.panelClosed());
  });
  // Tests drive the menu click here with a real selection (Playwright can't click a native menu); only code in this worker can reach it.
  (globalThis as { __wbkLeakMenuClick?: typeof onMenuClicked }).__wbkLeakMenuClick = onMenuClicked;
}
