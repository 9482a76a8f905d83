import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { DEFAULT_PREFERENCES, PREFERENCES_STORAGE_KEY, readPreferences, type Preferences } from '../../../lib/shared/settings/preferences';
import { seedConnection } from '../../support/connections';
import { createPreferencesStore } from '../../../lib/worker/stores/preferences-store';
import { createContext, type Context } from '../../../lib/worker/context';
import { createConnectionStore } from '../../../lib/worker/stores/connection-store';
import { createNoticeStore } from '../../../lib/worker/notices';
import { deleteKeysCache, openKeysCache } from '../../../lib/worker/stores/keys-cache';
import { handleRequest } from '../../../lib/worker/router';
import { recordingClipboard } from '../../support/worker-env';

const EXT_ID = 'test-extension-id';
const SENDER = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/options.html` };
const CORRUPT = /could not be read/;

describe('readPreferences', () => {
  it('nothing stored → the defaults', () => {
    expect(readPreferences(undefined)).toEqual({ ok: true, value: DEFAULT_PREFERENCES });
    expect(readPreferences(null)).toEqual({ ok: true, value: DEFAULT_PREFERENCES });
  });

  it('normalizes reminder days (unique, largest first)', () => {
    const read = readPreferences({ ...DEFAULT_PREFERENCES, reminderDays: [1, 30, 7, 7] });
    expect(read).toEqual({ ok: true, value: { ...DEFAULT_PREFERENCES, reminderDays: [30, 7, 1] } });
  });

  it('anything unreadable is a typed error, never a silent default', () => {
    for (const stored of [
      'x',
      42,
      {},
      { ...DEFAULT_PREFERENCES, version: 2 },
      { ...DEFAULT_PREFERENCES, warningDays: 0 },
      { ...DEFAULT_PREFERENCES, extra: 1 },
      { ...DEFAULT_PREFERENCES, clipboardClearSeconds: 15 },
    ]) {
      const read = readPreferences(stored);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toMatch(CORRUPT);
    }
  });
});

describe('preferences store and handlers', () => {
  let ctx: Context;
  let refreshes: number;

  beforeEach(async () => {
    fakeBrowser.reset();
    await seedConnection();
    refreshes = 0;
    const factory = new IDBFactory();
    ctx = createContext({
      connection: createConnectionStore(),
      notices: createNoticeStore(browser.storage.local),
      openCache: (id) => openKeysCache(id, factory),
      deleteCache: (id) => deleteKeysCache(id, factory),
      hasHostPermission: async () => true,
      runtime: { id: EXT_ID, getURL: (p) => `chrome-extension://${EXT_ID}/${p.replace(/^\//, '')}` },
      now: () => new Date('2030-01-01T00:00:00Z'),
      newId: () => 'id',
      preferences: createPreferencesStore(browser.storage.local),
      clipboard: recordingClipboard(),
      onCacheChanged: () => {
        refreshes++;
      },
    });
  });
  const send = (message: unknown) => handleRequest(message, SENDER, ctx);
  const custom: Preferences = {
    ...DEFAULT_PREFERENCES,
    warningDays: 14,
    remindersEnabled: true,
    reminderDays: [1, 14, 14],
    clipboardClearSeconds: 60,
  };

  it('get answers the defaults until something is saved', async () => {
    expect(await send({ type: 'preferences.get' })).toEqual({ ok: DEFAULT_PREFERENCES });
  });

  it('save normalizes, persists, answers what was stored and refreshes the badge', async () => {
    const reply = await send({ type: 'preferences.save', preferences: custom });
    const stored = { ...custom, reminderDays: [14, 1] };
    expect(reply).toEqual({ ok: stored });
    expect((await browser.storage.local.get(PREFERENCES_STORAGE_KEY))[PREFERENCES_STORAGE_KEY]).toEqual(stored);
    expect(await send({ type: 'preferences.get' })).toEqual({ ok: stored });
    expect(refreshes).toBe(1);
  });

  it('save refuses invalid settings before storing anything', async () => {
    const reply = await send({ type: 'preferences.save', preferences: { ...custom, warningDays: 500 } });
    expect(reply).toMatchObject({ error: { code: 'internal', message: expect.stringMatching(/warningDays/) } });
    expect(await browser.storage.local.get(PREFERENCES_STORAGE_KEY)).toEqual({});
    const direct = createPreferencesStore(browser.storage.local).save({ ...custom, reminderDays: [1, 2, 3, 4, 5, 6, 7] });
    await expect(direct).rejects.toMatchObject({ info: { code: 'invalid_input', message: 'At most 6 reminder thresholds.' } });
    expect(refreshes).toBe(0);
  });

  it('a corrupt stored value is an error on get, and saving repairs it', async () => {
    await browser.storage.local.set({ [PREFERENCES_STORAGE_KEY]: { version: 9 } });
    expect(await send({ type: 'preferences.get' })).toMatchObject({ error: { code: 'internal', message: expect.stringMatching(CORRUPT) } });
    expect(await send({ type: 'preferences.save', preferences: DEFAULT_PREFERENCES })).toEqual({ ok: DEFAULT_PREFERENCES });
    expect(await send({ type: 'preferences.get' })).toEqual({ ok: DEFAULT_PREFERENCES });
  });
});
