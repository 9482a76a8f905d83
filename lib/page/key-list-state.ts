// What the popup paints, from its three sources in the order they can only
// get fresher: the first-screen record (a few rows), the whole cached list,
// then the worker's sync reply. A pure reducer, so the races are plain tests:
// a source never overwrites a fresher one, and the reply of a sync that a
// newer sync superseded is dropped. Each list arrives parsed; nothing here
// parses or sorts it again (KeyList arranges it for display).
import type { KeyMeta } from '../shared/contract/schemas';
import type { ErrorInfo } from '../shared/errors';
import type { ExpirySummary } from '../shared/expiry/rules';
import type { FirstScreen } from '../shared/cache/first-screen';
import type { KeysSnapshot, UnreadableKey } from '../shared/messages/keys-sync';
import type { Reply } from '../shared/messages/define';
import type { CachedList } from './keys-cache-reader';

type ListSource = 'none' | 'first-screen' | 'cache' | 'sync';
const FRESHNESS: Record<ListSource, number> = { none: 0, 'first-screen': 1, cache: 2, sync: 3 };

export interface KeyListState {
  source: ListSource;
  keys: readonly KeyMeta[];
  syncedAt: string | null;
  /** Set while only the first screen is in: `keys` are its candidates, counts come from this summary. */
  partial: ExpirySummary | null;
  /** A whole list (or the knowledge that none is cached) is in: the list can show, searching works. */
  loaded: boolean;
  /** The number of the sync in flight; 0 when none. */
  syncing: number;
  error: ErrorInfo | null;
  notConnected: boolean;
  /** Keys the last sync could not read (not shown in the list), by id so they can still be deleted. */
  unreadable: readonly UnreadableKey[];
}

export type KeyListEvent =
  | { type: 'first-screen'; screen: FirstScreen | null }
  | { type: 'cache'; list: CachedList | null }
  | { type: 'sync-started'; seq: number }
  | { type: 'sync-answered'; seq: number; reply: Reply<KeysSnapshot> }
  /** A local change the worker confirmed (create, rename, delete), applied to whatever is shown. */
  | { type: 'edited'; change: (keys: readonly KeyMeta[]) => readonly KeyMeta[] }
  /** A key is gone (deleted here or elsewhere): out of the list and out of the unreadable ones. */
  | { type: 'deleted'; id: string };

export const INITIAL_KEY_LIST: KeyListState = {
  source: 'none',
  keys: [],
  syncedAt: null,
  partial: null,
  loaded: false,
  syncing: 0,
  error: null,
  notConnected: false,
  unreadable: [],
};

export function keyListReducer(state: KeyListState, event: KeyListEvent): KeyListState {
  switch (event.type) {
    case 'first-screen': {
      if (!event.screen || FRESHNESS[state.source] >= FRESHNESS['first-screen']) return state;
      const { keys, syncedAt } = event.screen;
      return { ...state, source: 'first-screen', keys, syncedAt, partial: event.screen };
    }
    case 'cache': {
      // A sync that answered first wins; after a failed one the cache is still worth showing.
      if (FRESHNESS[state.source] >= FRESHNESS.cache) return state.loaded ? state : { ...state, loaded: true };
      if (!event.list) {
        // Unreadable: keep the first screen (searching waits) until the sync brings the list.
        return state.source === 'first-screen' ? state : { ...state, loaded: true };
      }
      return { ...state, source: 'cache', keys: event.list.keys, syncedAt: event.list.syncedAt, partial: null, loaded: true };
    }
    case 'sync-started':
      return { ...state, syncing: event.seq };
    case 'sync-answered': {
      // A newer sync was started after this one: its answer is the one to show.
      if (event.seq !== state.syncing) return state;
      const done = { ...state, syncing: 0, loaded: true };
      const { reply } = event;
      if ('ok' in reply) {
        const { keys, syncedAt, unreadable = [] } = reply.ok;
        return { ...done, source: 'sync', keys, syncedAt, unreadable, partial: null, error: null, notConnected: false };
      }
      if (reply.error.code === 'not_connected') return { ...done, notConnected: true, error: null };
      return { ...done, error: reply.error };
    }
    case 'edited':
      return { ...state, keys: event.change(state.keys) };
    case 'deleted':
      return { ...state, keys: state.keys.filter((k) => k.id !== event.id), unreadable: state.unreadable.filter((u) => u.id !== event.id) };
  }
}

/** Puts keys into the list: changed ones in place, new ones first. */
export function upsertKeys(old: readonly KeyMeta[], fresh: readonly KeyMeta[]): KeyMeta[] {
  const byId = new Map(fresh.map((k) => [k.id, k]));
  const added = fresh.filter((f) => !old.some((k) => k.id === f.id));
  return [...added, ...old.map((k) => byId.get(k.id) ?? k)];
}
