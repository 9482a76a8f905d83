// The worker's real clipboard scheduler: storage.session, timers, chrome.alarms
// and the browser's way to clear (offscreen document or background page).
import { browser } from 'wxt/browser';
import type { StorageAreaLike } from '../stores/connection-store';
import { createBackgroundClearer } from './background-clearer';
import { createPendingStore } from './pending';
import { CLIPBOARD_ALARM, createClipboardScheduler, type ClipboardScheduler } from './scheduler';

export function createWorkerClipboardScheduler(session: StorageAreaLike): ClipboardScheduler {
  return createClipboardScheduler({
    store: createPendingStore(session),
    now: () => Date.now(),
    timers: { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    alarms: { create: (name, when) => browser.alarms.create(name, { when }), clear: (name) => browser.alarms.clear(name) },
    clear: createBackgroundClearer(),
    // The message names the failure (permission, no document), never clipboard text.
    onFailure: (error) => console.warn('Clipboard clear failed:', error instanceof Error ? error.message : 'unknown error'),
  });
}

/** Called synchronously at worker start: the alarm that woke a stopped worker finds its listener, and a pending clear gets its timer back. */
export function startClipboardClearing(scheduler: ClipboardScheduler): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CLIPBOARD_ALARM) void scheduler.runDue();
  });
  void scheduler.resume().catch(() => {});
}
