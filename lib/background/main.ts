// Builds the worker's real dependencies (browser storage, IndexedDB, fetch).
import { browser } from 'wxt/browser';
import { openKeysCache } from '../cache/keys-cache';
import { createConnectionStore, defaultStorageAreas } from '../settings/connection';
import { createContext, type Context } from './context';
import { createNoticeStore } from './notices';
import { hasHostPermission } from './permissions';

export function createBackgroundContext(): Context {
  const areas = defaultStorageAreas();
  return createContext({
    connection: createConnectionStore(areas),
    notices: createNoticeStore(areas.local),
    openCache: () => openKeysCache(),
    hasHostPermission,
    runtime: { id: browser.runtime.id, getURL: (path) => browser.runtime.getURL(path as '/') },
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  });
}
