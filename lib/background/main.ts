// Builds the worker's real dependencies (browser storage, IndexedDB, fetch).
import { browser } from 'wxt/browser';
import { openKeysCache } from '../cache/keys-cache';
import { createConnectionStore, defaultStorageAreas } from '../settings/connection';
import { createContext, type Context } from './context';
import { createNoticeStore } from './notices';
import { hasHostPermission } from './permissions';
import { createWorkerClipboardScheduler, startClipboardClearing } from '../clipboard/worker';

export function createBackgroundContext(): Context {
  const areas = defaultStorageAreas();
  const ctx = createContext({
    connection: createConnectionStore(areas),
    notices: createNoticeStore(areas.local),
    openCache: () => openKeysCache(),
    hasHostPermission,
    runtime: { id: browser.runtime.id, getURL: (path) => browser.runtime.getURL(path as '/') },
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    clipboard: createWorkerClipboardScheduler(areas.session),
  });
  if (ctx.deps.clipboard) startClipboardClearing(ctx.deps.clipboard);
  return ctx;
}
