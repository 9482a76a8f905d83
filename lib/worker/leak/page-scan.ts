// "Scan this page": on the admin's click, inject one function into the tab
// (activeTab + scripting: no content script, no host permission) that reads
// the visible text and form field values and returns the distinct wbk_
// tokens. The key text never leaves the worker afterwards.
import { browser } from 'wxt/browser';
import { ApiFailure } from '../../shared/errors';
import { CANDIDATE_PATTERN, CANDIDATES_CHECKED_MAX } from '../../shared/leak/candidates';
import { pageOrigin } from '../../shared/contract/leak';

export interface PageTokens {
  tokens: string[];
  seen: number;
  origin: string | null;
}

/**
 * Runs inside the page, serialized by executeScript: it may use nothing from
 * outside its own body (the pattern and cap come in as arguments).
 */
function collectPageTokens(pattern: string, max: number): { tokens: string[]; seen: number; origin: string } {
  const texts: string[] = [document.body ? document.body.innerText : ''];
  for (const field of Array.from(document.querySelectorAll('input, textarea'))) {
    const value = (field as HTMLInputElement | HTMLTextAreaElement).value;
    if (value) texts.push(value);
  }
  const distinct = new Set<string>();
  const tokens: string[] = [];
  const re = new RegExp(pattern, 'g');
  for (const text of texts) {
    for (const match of text.matchAll(re)) {
      const token = match[0];
      if (distinct.has(token)) continue;
      distinct.add(token);
      if (tokens.length < max) tokens.push(token);
    }
  }
  return { tokens, seen: distinct.size, origin: location.origin };
}

const RESTRICTED =
  "This page can't be scanned: the browser doesn't let extensions read its own pages (chrome://, about:), the Web Store or other extensions' pages. Select the key and use “Look up Workbase key” from the right-click menu, or paste it into “Check a key”.";
const NO_ACCESS =
  'The extension may read a page only right after you open its popup from the toolbar on that page. Go to the page, open the popup from the toolbar and press “Scan this page” again — or paste the key into “Check a key”.';
const NO_TAB = 'The tab to scan is gone (closed or navigated away). Open the popup on the page and try again.';

/** Why executeScript refused, as the admin should read it; the browser's own text is never shown (it can hold the URL). */
export function scanRefusal(error: unknown): ApiFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/No tab with id|tab was closed|Frame with ID 0 was removed/i.test(message)) return new ApiFailure('not_found', NO_TAB);
  if (
    /chrome:\/\/|chrome-extension:\/\/|extensions gallery|about:|edge:\/\/|moz-extension:|cannot be scripted|Missing host permission/i.test(message)
  ) {
    return new ApiFailure('permission_denied', RESTRICTED);
  }
  return new ApiFailure('permission_denied', NO_ACCESS);
}

/** The active tab of the last focused browser window (the one the toolbar popup belongs to). */
async function activeTabId(): Promise<number> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) throw new ApiFailure('not_found', NO_TAB);
  return tab.id;
}

export async function scanTab(tabId: number | undefined): Promise<PageTokens> {
  const target = tabId ?? (await activeTabId());
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({
      target: { tabId: target },
      func: collectPageTokens,
      args: [CANDIDATE_PATTERN, CANDIDATES_CHECKED_MAX],
    });
  } catch (error) {
    throw scanRefusal(error);
  }
  const result = results[0]?.result as { tokens?: unknown; seen?: unknown; origin?: unknown } | undefined;
  // The page could have replaced globals the function uses: check what came back.
  if (!result || !Array.isArray(result.tokens) || typeof result.seen !== 'number') {
    throw new ApiFailure('internal', "This page's text could not be read. Select the key and use the right-click menu, or paste it instead.");
  }
  const tokens = result.tokens.filter((t): t is string => typeof t === 'string' && t.length <= 200).slice(0, CANDIDATES_CHECKED_MAX);
  return { tokens, seen: result.seen, origin: pageOrigin(typeof result.origin === 'string' ? result.origin : null) };
}
