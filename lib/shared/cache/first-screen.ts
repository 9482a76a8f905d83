// The "first screen" record: a few dozen keys plus the filter-count summary,
// written beside the full list on every cache change, so the popup can paint
// its first rows without reading and validating all N keys (docs/benchmarks.md).
import type { KeyMeta } from '../contract/schemas';
import { summarizeExpiries, type ExpirySummary } from '../expiry/rules';
import type { CacheRecord } from './record';

/** Enough candidates for the ~7 visible rows (+ overscan) of the default "All" view. */
const FIRST_SCREEN_ROWS = 20;

/** The popup's first screen: a few keys (newest first) and exact filter-count inputs for the whole list. */
export interface FirstScreen extends ExpirySummary {
  apiUrl: string;
  syncedAt: string | null;
  keys: KeyMeta[];
}

export interface FirstScreenRecord extends ExpirySummary {
  apiUrl: string;
  syncedAt: string | null;
  /** Newest-first. The newest FIRST_SCREEN_ROWS keys plus the FIRST_SCREEN_ROWS active keys expiring soonest after `nowMs`. */
  keys: CacheRecord[];
}

/**
 * The candidates for the top of the "All" view at any later time: it lists
 * keys expiring soon first (soonest first), then the rest newest first, so the
 * top rows always come from these two groups. `newestFirst` is the whole list, sorted.
 */
export function buildFirstScreen(apiUrl: string, syncedAt: string | null, newestFirst: readonly CacheRecord[], nowMs: number): FirstScreenRecord {
  const soonest = newestFirst
    .filter((k) => k.status === 'active' && k.expiresAt !== null && Date.parse(k.expiresAt) > nowMs)
    .map((key) => ({ key, at: Date.parse(key.expiresAt!) }))
    .sort((a, b) => a.at - b.at)
    .slice(0, FIRST_SCREEN_ROWS);
  const picked = new Set<KeyMeta>([...newestFirst.slice(0, FIRST_SCREEN_ROWS), ...soonest.map((s) => s.key)]);
  const keys = newestFirst.filter((k) => picked.has(k));
  return { apiUrl, syncedAt, keys, ...summarizeExpiries(newestFirst) };
}
