// The key cache's two records, built and parsed: pure, so the worker (which
// writes them) and the pages (which read them) share one definition of what
// is stored. Metadata only: keys go in through toCacheRecord, so a secret can
// never be stored even if one is passed by mistake. Everything read back is
// parsed with zod; a corrupt key is skipped and the next sync rewrites it.
import { z } from '../contract/zod';
import { IsoInstant, KeyMeta } from '../contract/schemas';
import { buildFirstScreen, type FirstScreen, type FirstScreenRecord } from './first-screen';
import { toCacheRecord, type CacheRecord } from './record';
import { sortNewestFirst } from './order';

// The envelopes are checked here; each key inside is checked on its own so one bad key doesn't lose the list.
const ListEnvelope = z.object({ apiUrl: z.string(), syncedAt: z.nullable(IsoInstant), keys: z.array(z.unknown()) });
const Count = z.int().check(z.gte(0));
const Ascending = z.custom<Float64Array>((v) => {
  if (!(v instanceof Float64Array)) return false;
  for (let i = 1; i < v.length; i++) if (!(v[i - 1]! <= v[i]!)) return false;
  return true;
});
const FirstScreenEnvelope = z.object({
  apiUrl: z.string(),
  syncedAt: z.nullable(IsoInstant),
  keys: z.array(z.unknown()),
  total: Count,
  never: Count,
  expiredByStatus: Count,
  expiries: Ascending,
});

/** The whole list as stored: newest first, secret-free. */
export interface ListRecord {
  apiUrl: string;
  syncedAt: string | null;
  keys: CacheRecord[];
}

/** The list record read back: bad keys left out and counted. */
export interface ParsedList extends ListRecord {
  skipped: number;
}

function parseKeys(raw: readonly unknown[]): { keys: CacheRecord[]; skipped: number } {
  const keys: CacheRecord[] = [];
  let skipped = 0;
  for (const record of raw) {
    const parsed = KeyMeta.safeParse(record);
    if (parsed.success) keys.push(toCacheRecord(parsed.data));
    else skipped++;
  }
  return { keys, skipped };
}

/** The list record: absent, corrupt, or parsed. Kept in the stored (newest-first) order: sorted once, when written. */
export function parseList(raw: unknown): 'absent' | 'corrupt' | ParsedList {
  if (raw === undefined) return 'absent';
  const parsed = ListEnvelope.safeParse(raw);
  if (!parsed.success) return 'corrupt';
  return { apiUrl: parsed.data.apiUrl, syncedAt: parsed.data.syncedAt, ...parseKeys(parsed.data.keys) };
}

/** Validates a raw first-screen record; null when absent or unusable. */
export function parseFirstScreen(raw: unknown): FirstScreen | null {
  const parsed = FirstScreenEnvelope.safeParse(raw);
  if (!parsed.success) return null;
  const { keys, skipped } = parseKeys(parsed.data.keys);
  // A bad key here would leave a hole in the first rows: fall back to the full list instead.
  if (skipped) return null;
  return { ...parsed.data, keys };
}

/** Both records for a list: its keys made secret-free and sorted newest first, once. */
export function buildRecords(
  apiUrl: string,
  syncedAt: string | null,
  keys: readonly KeyMeta[],
  nowMs: number,
): { list: ListRecord; firstScreen: FirstScreenRecord } {
  const records = sortNewestFirst(keys.map(toCacheRecord));
  return { list: { apiUrl, syncedAt, keys: records }, firstScreen: buildFirstScreen(apiUrl, syncedAt, records, nowMs) };
}
