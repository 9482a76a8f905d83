// The pages' side of the key cache: read-only, parsed with zod like any stored
// value. The popup paints the first screen (a few rows, read early by
// entrypoints/early-read.ts), then the whole list; the worker writes both.
import type { KeyMeta } from '../shared/contract/schemas';
import { FIRST_SCREEN_ID, LIST_ID } from '../shared/cache/layout';
import type { FirstScreen } from '../shared/cache/first-screen';
import { parseFirstScreen, parseList } from '../shared/cache/records';
import { readRawRecord } from './cache-raw';

export interface CachedList {
  /** Newest first, as the worker stored them. */
  keys: KeyMeta[];
  syncedAt: string | null;
  apiUrl: string | null;
}

/** One connection's first screen; `early` is the raw record early-read already fetched, if any. Null when absent or unusable. */
export async function readFirstScreen(connectionId: string, early?: Promise<unknown>, factory?: IDBFactory): Promise<FirstScreen | null> {
  return parseFirstScreen(await (early ?? readRawRecord(connectionId, FIRST_SCREEN_ID, factory)));
}

/** One connection's whole cached list (bad keys left out); null when there is none or it is unreadable. */
export async function readCachedList(connectionId: string, factory?: IDBFactory): Promise<CachedList | null> {
  const list = parseList(await readRawRecord(connectionId, LIST_ID, factory));
  if (typeof list === 'string') return null;
  return { keys: list.keys, syncedAt: list.syncedAt, apiUrl: list.apiUrl };
}
