// Reads and writes the admin's preferences in storage.local. Everything read
// back goes through readPreferences: a damaged value is a typed error the
// options page shows (saving again repairs it), never a silent default.
import { ApiFailure } from '../../shared/errors';
import type { StorageAreaLike } from './connection-store';
import { Preferences, PREFERENCES_STORAGE_KEY, normalizeDays, readPreferences } from '../../shared/settings/preferences';

export interface PreferencesStore {
  /** Throws ApiFailure('internal') when the stored value can't be read. */
  load(): Promise<Preferences>;
  /** Validates, normalizes (reminder days unique, largest first), persists; answers what was stored. */
  save(preferences: Preferences): Promise<Preferences>;
}

export function createPreferencesStore(local: StorageAreaLike): PreferencesStore {
  return {
    async load() {
      const read = readPreferences((await local.get(PREFERENCES_STORAGE_KEY))[PREFERENCES_STORAGE_KEY]);
      if (!read.ok) throw new ApiFailure('internal', read.message);
      return read.value;
    },
    async save(preferences) {
      const parsed = Preferences.safeParse(preferences);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ApiFailure('invalid_input', first?.message ?? 'These settings are not valid.', first?.path.map(String).join('.'));
      }
      const value: Preferences = { ...parsed.data, reminderDays: normalizeDays(parsed.data.reminderDays) };
      await local.set({ [PREFERENCES_STORAGE_KEY]: value });
      return value;
    },
  };
}
