// The popup's key list: the first screen and the cached list painted at once,
// then the worker's sync, all through one reducer (lib/page/key-list-state.ts)
// so a slower, older source can never overwrite a fresher one.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import type { KeyFilter } from '../../lib/shared/expiry/rules';
import { keysSync } from '../../lib/shared/messages/keys-sync';
import { INITIAL_KEY_LIST, keyListReducer, type KeyListState } from '../../lib/page/key-list-state';
import type { PopupApi } from '../api';

/** Show "Syncing…" only if a sync takes longer than this, so fast syncs don't flicker. */
const SYNCING_DELAY_MS = 150;
const TICK_MS = 30_000;

/** Resolves after the next frame has been painted, so work queued after it can't delay that frame. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

export interface KeyListFlow {
  list: KeyListState;
  /** The list (or the first screen) has something to show. */
  shown: boolean;
  /** True only once a sync has run longer than SYNCING_DELAY_MS. */
  showSyncing: boolean;
  /** The clock for relative times: refreshed after each sync and every 30 s. */
  now: Date;
  /** Syncs now; a sync started later supersedes this one's answer. */
  sync: () => Promise<void>;
  edit: (change: (keys: readonly KeyMeta[]) => readonly KeyMeta[]) => void;
  /** The key is gone: drops it from the list and from the unreadable ones. */
  forget: (id: string) => void;
}

export function useKeyList(api: PopupApi, options: { initialFilter: KeyFilter; afterFirstSync: () => void }): KeyListFlow {
  const clock = api.now ?? (() => new Date());
  const [list, dispatch] = useReducer(keyListReducer, INITIAL_KEY_LIST);
  const [showSyncing, setShowSyncing] = useState(false);
  const [now, setNow] = useState(clock);
  const seq = useRef(0);

  const sync = useCallback(async () => {
    const mine = ++seq.current;
    dispatch({ type: 'sync-started', seq: mine });
    const timer = setTimeout(() => mine === seq.current && setShowSyncing(true), SYNCING_DELAY_MS);
    const reply = await api.send(keysSync);
    clearTimeout(timer);
    if (mine !== seq.current) return;
    setShowSyncing(false);
    setNow(clock());
    dispatch({ type: 'sync-answered', seq: mine, reply });
  }, [api]);

  // A layout effect, not an effect: Preact runs effects only after the next frame, and the
  // first screen should not wait one frame for its read to even start.
  useLayoutEffect(() => {
    // Paint the last known list first (uBlock Origin style), then refresh it. The first
    // screen (a few rows) paints before the whole list is read and validated, whatever N is.
    void (async () => {
      const first = options.initialFilter === 'all' && api.readFirstScreen ? await api.readFirstScreen().catch(() => null) : null;
      if (first) {
        dispatch({ type: 'first-screen', screen: first });
        await afterNextPaint();
      }
      // Ask for the refresh only now: the worker's cache write would otherwise hold up our read, and its CPU our first frame.
      void sync().then(options.afterFirstSync);
      dispatch({ type: 'cache', list: await api.readCache().catch(() => null) });
    })();
  }, [api]);

  useEffect(() => {
    const tick = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(tick);
  }, [api]);

  const edit = useCallback((change: (keys: readonly KeyMeta[]) => readonly KeyMeta[]) => dispatch({ type: 'edited', change }), []);
  const forget = useCallback((id: string) => dispatch({ type: 'deleted', id }), []);
  return { list, shown: list.loaded || list.keys.length > 0, showSyncing, now, sync, edit, forget };
}
