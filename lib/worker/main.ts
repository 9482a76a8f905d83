// Builds the worker's real dependencies (browser storage, IndexedDB, fetch).
import { browser } from 'wxt/browser';
import { deleteKeysCache, moveLegacyCache, openKeysCache } from './stores/keys-cache';
import { createConnectionStore, defaultStorageAreas } from './stores/connection-store';
import { createPreferencesStore } from './stores/preferences-store';
import { createContext, type Context } from './context';
import { createExpiryChecker, ensureExpiryAlarm, EXPIRY_ALARM, type ExpiryChecker, type NotificationsLike } from './expiry-check';
import { createNoticeStore } from './notices';
import { hasHostPermission } from './permissions';
import { createWorkerClipboardScheduler, startClipboardClearing } from './clipboard/start';
import { browserWebAuthFlow } from './auth/web-auth-flow';
import { startLeakResponse } from './leak/context-menu';

export function createBackgroundContext(): Context {
  const areas = defaultStorageAreas();
  let expiry: ExpiryChecker | undefined;
  const ctx = createContext({
    connection: createConnectionStore(areas),
    notices: createNoticeStore(areas.local),
    openCache: (id) => openKeysCache(id),
    deleteCache: (id) => deleteKeysCache(id),
    moveLegacyCache: (id) => moveLegacyCache(id),
    hasHostPermission,
    runtime: { id: browser.runtime.id, getURL: (path) => browser.runtime.getURL(path as '/') },
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    preferences: createPreferencesStore(areas.local),
    onCacheChanged: () => void expiry?.refresh().catch(() => {}),
    clipboard: createWorkerClipboardScheduler(areas.session),
    webAuthFlow: browserWebAuthFlow,
  });
  expiry = startExpiryAwareness(ctx);
  // The organization's policy can change while the browser runs: re-read it, so the
  // popup's copy of the list, the badge and the options page follow.
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed')
      void ctx.deps.connection.list().then(
        () => ctx.afterCacheChange(),
        () => {},
      );
  });
  // Migrate (and write the popup's copy of the list) at every worker start, before any popup asks.
  void ctx
    .ready()
    .then(() => ctx.deps.connection.list())
    .catch(() => {});
  startClipboardClearing(ctx.deps.clipboard);
  startLeakResponse(ctx.deps.runtime);
  return ctx;
}

/**
 * Badge, hourly check and reminders. Called synchronously at worker start, so
 * an alarm or a notification click that woke the worker finds its listener.
 */
function startExpiryAwareness(ctx: Context): ExpiryChecker {
  let clickListening = false;
  // chrome.notifications exists only while the optional permission is granted.
  const notifications = (): NotificationsLike | null => {
    const api = (browser as { notifications?: typeof browser.notifications }).notifications;
    if (!api) return null;
    if (!clickListening) {
      clickListening = true;
      api.onClicked.addListener((id) => void expiry.onNotificationClicked(id).catch(() => {}));
    }
    return { create: (id, options) => api.create(id, options), clear: (id) => api.clear(id) };
  };
  const expiry = createExpiryChecker({
    ctx,
    local: browser.storage.local,
    action: {
      setBadgeText: (d) => browser.action.setBadgeText(d),
      setBadgeBackgroundColor: (d) => browser.action.setBadgeBackgroundColor(d),
      setTitle: (d) => browser.action.setTitle(d),
    },
    notifications,
    hasNotificationPermission: () => browser.permissions.contains({ permissions: ['notifications'] }),
    openTab: (url) => browser.tabs.create({ url }),
  });
  notifications(); // registers the click listener now, if the permission is already granted
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === EXPIRY_ALARM) void expiry.check().catch(() => {});
  });
  // Every worker start (install, browser start-up, any wake) passes here, so
  // this one call keeps the hourly alarm in place; it is created only if missing.
  void ensureExpiryAlarm(browser.alarms).catch(() => {});
  browser.runtime.onStartup.addListener(() => void expiry.check().catch(() => {}));
  return expiry;
}
