// Where the connection lives:
//  - storage.local 'connection.v1': { version: 1, apiUrl, remember } (no secret)
//  - the admin token under 'connection.token.v1': in storage.session by default
//    (memory only, gone when the browser closes), or in storage.local when the
//    admin chose "remember", and then removed from the other area.
// storage.session keeps Chrome's default access level (TRUSTED_CONTEXTS): this
// module never calls setAccessLevel, so content scripts could not read it.
// Everything read back is parsed: a damaged value is reported, never trusted.
import { browser } from 'wxt/browser';
import { z } from '../../shared/contract/zod';
import { validateApiUrl } from '../../shared/settings/url';

export const SETTINGS_KEY = 'connection.v1';
export const TOKEN_KEY = 'connection.token.v1';

const StoredSettings = z.object({
  version: z.literal(1),
  apiUrl: z.string(),
  remember: z.boolean(),
});
const StoredToken = z.string().check(z.minLength(1));

/** The few storage.* methods used here; browser.storage.local/session satisfy it, and so do test fakes. */
export interface StorageAreaLike {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
export interface StorageAreas {
  local: StorageAreaLike;
  session: StorageAreaLike;
}

type LoadedConnection =
  { state: 'none' } | { state: 'corrupt'; message: string } | { state: 'ok'; apiUrl: string; remember: boolean; adminToken: string | null };

const CORRUPT_MESSAGE = 'The saved connection settings could not be read and were ignored. Connect again in Options.';

export interface ConnectionStore {
  load(): Promise<LoadedConnection>;
  save(value: { apiUrl: string; adminToken: string; remember: boolean }): Promise<void>;
  clear(): Promise<void>;
}

export function defaultStorageAreas(): StorageAreas {
  return { local: browser.storage.local, session: browser.storage.session };
}

export function createConnectionStore(areas: StorageAreas = defaultStorageAreas()): ConnectionStore {
  return {
    async load() {
      const stored = (await areas.local.get(SETTINGS_KEY))[SETTINGS_KEY];
      if (stored === undefined || stored === null) return { state: 'none' };
      const parsed = StoredSettings.safeParse(stored);
      if (!parsed.success) return { state: 'corrupt', message: CORRUPT_MESSAGE };
      const url = validateApiUrl(parsed.data.apiUrl);
      if (!url.ok || url.apiUrl !== parsed.data.apiUrl) return { state: 'corrupt', message: CORRUPT_MESSAGE };
      const area = parsed.data.remember ? areas.local : areas.session;
      const token = StoredToken.safeParse((await area.get(TOKEN_KEY))[TOKEN_KEY]);
      return { state: 'ok', apiUrl: parsed.data.apiUrl, remember: parsed.data.remember, adminToken: token.success ? token.data : null };
    },
    async save({ apiUrl, adminToken, remember }) {
      const keep = remember ? areas.local : areas.session;
      const drop = remember ? areas.session : areas.local;
      // Token first, settings last: a crash in between leaves the old settings, not settings without a token.
      await keep.set({ [TOKEN_KEY]: adminToken });
      await drop.remove(TOKEN_KEY);
      await areas.local.set({ [SETTINGS_KEY]: { version: 1, apiUrl, remember } });
    },
    async clear() {
      await Promise.all([areas.local.remove([SETTINGS_KEY, TOKEN_KEY]), areas.session.remove(TOKEN_KEY)]);
    },
  };
}
