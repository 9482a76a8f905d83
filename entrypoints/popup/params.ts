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
