// The popup's URL parameters: a reminder notification opens
// popup.html?filter=expiring&keys=key_a,key_b. The URL is outside input:
// unknown filters fall back to "all" and only well-formed key ids are kept.
import { z } from '../../lib/shared/contract/zod';
import { KeyId } from '../../lib/shared/contract/schemas';
import { KEY_FILTERS, type KeyFilter } from '../../lib/shared/expiry/rules';

const Filter = z.enum(KEY_FILTERS);
const MAX_HIGHLIGHT = 500;

export function readPopupParams(search: string): { filter: KeyFilter; highlightIds: string[] } {
  const params = new URLSearchParams(search);
  const filter = Filter.safeParse(params.get('filter'));
  const ids = (params.get('keys') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => KeyId.safeParse(s).success)
    .slice(0, MAX_HIGHLIGHT);
  return { filter: filter.success ? filter.data : 'all', highlightIds: ids };
}

/**
 * popup.html#leak opens on the leak panel; the context menu adds
 * `&selection=<id>` (the selection the worker holds; never the text) and
 * `&tab=<id>` (the tab "Scan this page" reads). Null without #leak.
 */
export function readLeakStart(hash: string): { selection?: string; tabId?: number } | null {
  const [head, ...rest] = hash.replace(/^#/, '').split('&');
  if (head !== 'leak') return null;
  const params = new URLSearchParams(rest.join('&'));
  const selection = params.get('selection');
  const tab = params.get('tab');
  return {
    ...(selection && /^[0-9a-f-]{36}$/.test(selection) ? { selection } : {}),
    ...(tab && /^\d{1,10}$/.test(tab) ? { tabId: Number(tab) } : {}),
  };
}
