// Where the connection lives:
//  - storage.local 'connection.v1': { version: 1, apiUrl, remember, method? } (no secret;
//    method 'sso' or 'token', absent = 'token' as before SSO existed)
//  - the credential: the admin token under 'connection.token.v1', or the SSO
//    session (access + refresh token, expiry, person) under 'connection.sso.v1';
//    in storage.session by default (memory only, gone when the browser
//    closes), or in storage.local when the admin chose "remember", and then
//    removed from the other area. Only one credential exists at a time.
// storage.session keeps Chrome's default access level (TRUSTED_CONTEXTS): this
// module never calls setAccessLevel, so content scripts could not read it.
// Everything read back is parsed: a damaged value is reported, never trusted.
import { browser } from 'wxt/browser';
import { z } from '../../shared/contract/zod';
import { validateApiUrl } from '../../shared/settings/url';
import { SsoSession } from '../auth/sso-session';

export const SETTINGS_KEY = 'connection.v1';
export const TOKEN_KEY = 'connection.token.v1';
export const SSO_KEY = 'connection.sso.v1';
const CREDENTIAL_KEYS = [TOKEN_KEY, SSO_KEY];

const StoredSettings = z.object({
  version: z.literal(1),
  apiUrl: z.string(),
  remember: z.boolean(),
  method: z.optional(z.enum(['sso', 'token'])),
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

export type Credential = { kind: 'token'; token: string } | { kind: 'sso'; session: SsoSession };

type LoadedConnection =
  | { state: 'none' }
  | { state: 'corrupt'; message: string }
  | {
      state: 'ok';
      apiUrl: string;
      remember: boolean;
      method: 'sso' | 'token';
      /** Null when the credential is gone (browser restarted without "remember", signed out, refresh failed). */
      credential: Credential | null;
    };

const CORRUPT_MESSAGE = 'The saved connection settings could not be read and were ignored. Connect again in Options.';

export interface ConnectionStore {
  load(): Promise<LoadedConnection>;
  save(value: { apiUrl: string; credential: Credential; remember: boolean }): Promise<void>;
  /** After a refresh: the new SSO session, in the area the connection chose. No-op if the connection changed meanwhile. */
  updateSso(previous: SsoSession, next: SsoSession): Promise<boolean>;
  /** Forget the credential but keep the API URL and method (the popup keeps the cached list and says "Signed out"). */
  dropCredential(): Promise<void>;
  clear(): Promise<void>;
}

export function defaultStorageAreas(): StorageAreas {
  return { local: browser.storage.local, session: browser.storage.session };
}

export function createConnectionStore(areas: StorageAreas = defaultStorageAreas()): ConnectionStore {
  const store: ConnectionStore = {
    async load() {
      const stored = (await areas.local.get(SETTINGS_KEY))[SETTINGS_KEY];
      if (stored === undefined || stored === null) return { state: 'none' };
      const parsed = StoredSettings.safeParse(stored);
      if (!parsed.success) return { state: 'corrupt', message: CORRUPT_MESSAGE };
      const url = validateApiUrl(parsed.data.apiUrl);
      if (!url.ok || url.apiUrl !== parsed.data.apiUrl) return { state: 'corrupt', message: CORRUPT_MESSAGE };
      const { apiUrl, remember } = parsed.data;
      const method = parsed.data.method ?? 'token';
      const area = remember ? areas.local : areas.session;
      const saved = await area.get(CREDENTIAL_KEYS);
      let credential: Credential | null = null;
      if (method === 'token') {
        const token = StoredToken.safeParse(saved[TOKEN_KEY]);
        if (token.success) credential = { kind: 'token', token: token.data };
      } else {
        const session = SsoSession.safeParse(saved[SSO_KEY]);
        if (session.success) credential = { kind: 'sso', session: session.data };
      }
      return { state: 'ok', apiUrl, remember, method, credential };
    },
    async save({ apiUrl, credential, remember }) {
      const keep = remember ? areas.local : areas.session;
      const drop = remember ? areas.session : areas.local;
      const [key, value] = credential.kind === 'token' ? [TOKEN_KEY, credential.token] : [SSO_KEY, credential.session];
      // Credential first, settings last: a crash in between leaves the old settings, not settings without a credential.
      await keep.set({ [key]: value });
      await keep.remove(CREDENTIAL_KEYS.filter((k) => k !== key));
      await drop.remove(CREDENTIAL_KEYS);
      await areas.local.set({ [SETTINGS_KEY]: { version: 1, apiUrl, remember, method: credential.kind } });
    },
    async updateSso(previous, next) {
      const now = await store.load();
      // A sign-out or another sign-in while the refresh ran wins: never resurrect an old session.
      if (now.state !== 'ok' || now.credential?.kind !== 'sso' || now.credential.session.refreshToken !== previous.refreshToken) return false;
      await (now.remember ? areas.local : areas.session).set({ [SSO_KEY]: next });
      return true;
    },
    async dropCredential() {
      await Promise.all([areas.local.remove(CREDENTIAL_KEYS), areas.session.remove(CREDENTIAL_KEYS)]);
    },
    async clear() {
      await Promise.all([areas.local.remove([SETTINGS_KEY, ...CREDENTIAL_KEYS]), areas.session.remove(CREDENTIAL_KEYS)]);
    },
  };
  return store;
}
