import { describe, expect, it } from 'vitest';
import { INITIAL_KEY_LIST, keyListReducer, upsertKeys, type KeyListEvent, type KeyListState } from '../../../lib/page/key-list-state';
import { summarizeExpiries } from '../../../lib/shared/expiry/rules';
import type { KeyMeta } from '../../../lib/shared/contract/schemas';
import { key } from '../../support/keys';

const API = 'http://127.0.0.1:8787';
const whole = [key(4), key(3), key(2), key(1)];
const firstScreen: KeyListEvent = {
  type: 'first-screen',
  screen: { apiUrl: API, syncedAt: '2030-01-01T00:00:00.000Z', keys: whole.slice(0, 2), ...summarizeExpiries(whole) },
};
const cache: KeyListEvent = { type: 'cache', list: { keys: whole, syncedAt: '2030-01-01T00:00:00.000Z', apiUrl: API } };
const synced = (seq: number, keys: KeyMeta[] = [key(9)]): KeyListEvent => ({
  type: 'sync-answered',
  seq,
  reply: { ok: { keys, syncedAt: '2030-01-02T00:00:00.000Z' } },
});
const failed = (seq: number): KeyListEvent => ({ type: 'sync-answered', seq, reply: { error: { code: 'unreachable', message: 'down' } } });

const run = (...events: KeyListEvent[]): KeyListState => events.reduce(keyListReducer, INITIAL_KEY_LIST);
const names = (s: KeyListState) => s.keys.map((k) => k.name);

describe('key list state', () => {
  it('first screen, then the cached list, then the synced list, each replacing the last', () => {
    const first = run(firstScreen);
    expect(first).toMatchObject({ source: 'first-screen', loaded: false, partial: { total: 4 } });
    expect(names(first)).toEqual(['Key 4', 'Key 3']);
    const cached = keyListReducer(first, cache);
    expect(cached).toMatchObject({ source: 'cache', loaded: true, partial: null });
    expect(cached.keys).toBe(whole); // as parsed: not copied, re-parsed or re-sorted
    const done = run(firstScreen, cache, { type: 'sync-started', seq: 1 }, synced(1));
    expect(done).toMatchObject({ source: 'sync', loaded: true, syncing: 0, syncedAt: '2030-01-02T00:00:00.000Z', partial: null });
    expect(names(done)).toEqual(['Key 9']);
  });

  it('a sync that answers before the cache read keeps its list when the cache arrives', () => {
    const s = run({ type: 'sync-started', seq: 1 }, synced(1), cache);
    expect(s.source).toBe('sync');
    expect(names(s)).toEqual(['Key 9']);
  });

  it('a first screen that arrives after the cache or the sync is ignored', () => {
    expect(run(cache, firstScreen).keys).toBe(whole);
    expect(names(run({ type: 'sync-started', seq: 1 }, synced(1), firstScreen))).toEqual(['Key 9']);
  });

  it('after a failed sync the cache is still shown, with the error', () => {
    const s = run({ type: 'sync-started', seq: 1 }, failed(1), cache);
    expect(s).toMatchObject({ source: 'cache', loaded: true, error: { code: 'unreachable' } });
    expect(s.keys).toBe(whole);
  });

  it('drops the answer of a sync superseded by a newer one, whichever answers first', () => {
    const newerFirst = run({ type: 'sync-started', seq: 1 }, { type: 'sync-started', seq: 2 }, synced(2, [key(7)]), synced(1, [key(5)]));
    expect(names(newerFirst)).toEqual(['Key 7']);
    const olderFirst = run({ type: 'sync-started', seq: 1 }, { type: 'sync-started', seq: 2 }, synced(1, [key(5)]));
    expect(olderFirst).toMatchObject({ source: 'none', syncing: 2, keys: [] });
  });

  it('an unreadable cache keeps the first screen (searching waits for the sync), or shows the empty list', () => {
    expect(run(firstScreen, { type: 'cache', list: null })).toMatchObject({ source: 'first-screen', loaded: false });
    expect(run({ type: 'cache', list: null })).toMatchObject({ source: 'none', loaded: true, keys: [] });
  });

  it('not connected is a state of its own, and a later good sync clears it', () => {
    const off = run({ type: 'sync-started', seq: 1 }, { type: 'sync-answered', seq: 1, reply: { error: { code: 'not_connected', message: 'no' } } });
    expect(off).toMatchObject({ notConnected: true, error: null, loaded: true });
    expect(keyListReducer(keyListReducer(off, { type: 'sync-started', seq: 2 }), synced(2))).toMatchObject({ notConnected: false, source: 'sync' });
  });

  it('applies local edits to whatever is shown', () => {
    const s = keyListReducer(run(cache), { type: 'edited', change: (keys) => keys.filter((k) => k.id !== key(3).id) });
    expect(names(s)).toEqual(['Key 4', 'Key 2', 'Key 1']);
    expect(s.source).toBe('cache');
  });

  it('upsertKeys: changed keys in place, new ones first', () => {
    expect(upsertKeys([key(2), key(1)], [key(1, { name: 'Renamed' }), key(3)]).map((k) => k.name)).toEqual(['Key 3', 'Key 2', 'Renamed']);
  });

  it('keys a sync could not read are kept by id until deleted, and the next clean sync clears them', () => {
    const bad = { id: key(7).id };
    const withBad: KeyListEvent = {
      type: 'sync-answered',
      seq: 1,
      reply: { ok: { keys: [key(9)], syncedAt: '2030-01-02T00:00:00.000Z', unreadable: [bad, { id: null }] } },
    };
    const s = run({ type: 'sync-started', seq: 1 }, withBad);
    expect(s.unreadable).toEqual([bad, { id: null }]);
    expect(names(s)).toEqual(['Key 9']);
    const afterDelete = keyListReducer(s, { type: 'deleted', id: bad.id });
    expect(afterDelete.unreadable).toEqual([{ id: null }]);
    expect(names(afterDelete)).toEqual(['Key 9']);
    expect(keyListReducer(keyListReducer(s, { type: 'sync-started', seq: 2 }), synced(2)).unreadable).toEqual([]);
  });

  it('deleted drops the key from the list', () => {
    expect(names(keyListReducer(run(cache), { type: 'deleted', id: key(3).id }))).toEqual(['Key 4', 'Key 2', 'Key 1']);
  });
});
