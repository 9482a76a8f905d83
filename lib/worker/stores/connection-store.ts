// Where connections live:
//  - storage.local 'connections.v1': the admin's own connections
//    { version: 1, connections: [{id, name, apiUrl, colour, production, signIn, remember}] }
//    (no secret), and 'connections.current.v1': the id the popup shows.
//  - storage.managed: the organization's locked connections (read-only here).
//  - each connection's credential under 'credential.v1.<id>': an admin token
//    {kind: 'token', token} or an SSO session {kind: 'sso', session}; in
//    storage.session by default (memory only, gone when the browser closes),
//    or in storage.local when the admin chose "remember", and then removed
//    from the other area.
// storage.session keeps Chrome's default access level (TRUSTED_CONTEXTS): this
// module never calls setAccessLevel, so content scripts could not read it.
// Everything read back is parsed: a damaged value is reported, never trusted.
//
// Migration: the single connection of before ('connection.v1' + its token)
// becomes the first connection (id MIGRATED_ID) with its "remember" choice;
// the worker moves its key cache and reminder log (lib/worker/migrate.ts).
import { browser } from 'wxt/browser';
import { z } from '../../shared/contract/zod';
import { ApiFailure } from '../../shared/errors';
import { validateApiUrl } from '../../shared/settings/url';
import { SsoSession } from '../auth/sso-session';
import {
  CONNECTIONS_KEY,
  CURRENT_KEY,
  defaultNameFor,
  mergeConnections,
  readManagedPolicy,
  readStoredConnections,
  type Connection,
  type StoredConnection,
  type StoredConnections,
} from '../../shared/settings/connections';
import { pickCurrent } from '../../shared/settings/connection-info';
import { RESOLVED_KEY } from '../../shared/settings/connection-keys';

/** Before connections: one connection and its token. Read only to migrate. */
export const LEGACY_SETTINGS_KEY = 'connection.v1';
export const LEGACY_TOKEN_KEY = 'connection.token.v1';
/** The id the migrated connection gets: fixed, so an interrupted migration repeats to the same place. */
export const MIGRATED_ID = 'first';

export function credentialKey(connectionId: string): string {
  return `credential.v1.${connectionId}`;
}

const LegacySettings = z.object({
  version: z.literal(1),
  apiUrl: z.string(),
  remember: z.boolean(),
  method: z.optional(z.enum(['sso', 'token'])),
});
const LegacyToken = z.string().check(z.minLength(1));

/** Before connections, with SSO: the single connection's SSO session. Read only to migrate. */
const LEGACY_SSO_KEY = 'connection.sso.v1';

const StoredCredential = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('token'), token: z.string().check(z.minLength(1)) }),
  z.strictObject({ kind: z.literal('sso'), session: SsoSession }),
]);
export type Credential = z.infer<typeof StoredCredential>;

/** The few storage.* methods used here; browser.storage.local/session satisfy it, and so do test fakes. */
export interface StorageAreaLike {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
export interface StorageAreas {
  local: StorageAreaLike;
  session: StorageAreaLike;
  /** storage.managed (read-only); absent where the browser has none. */
  managed?: { get(keys?: null): Promise<Record<string, unknown>> };
}

interface ConnectionList {
  connections: Connection[];
  currentId: string | null;
  /** What could not be read (a damaged list, an unreadable policy): shown in the options page, never trusted. */
  problems: string[];
}

type LoadedConnection =
  | { state: 'none' }
  | { state: 'corrupt'; message: string }
  | {
      state: 'ok';
      connection: Connection;
      apiUrl: string;
      remember: boolean;
      method: 'sso' | 'token';
      /** Null when the credential is gone (browser restarted without "remember", signed out). */
      credential: Credential | null;
    };

/** What the admin may set on one of their own connections. */
type ConnectionFields = Omit<StoredConnection, 'id'>;

export interface ConnectionStore {
  /** Every connection (managed first), the current id, and what could not be read. Migrates on first use. */
  list(): Promise<ConnectionList>;
  /** One connection with its credential; `id` absent: the current one. */
  load(id?: string): Promise<LoadedConnection>;
  /** Adds (id not yet used) or edits one of the admin's own connections. Managed ones are refused. */
  saveConnection(id: string, fields: ConnectionFields): Promise<Connection>;
  /** Stores the credential in the area the connection's "remember" chooses, and removes it from the other. */
  saveCredential(id: string, credential: Credential, remember: boolean): Promise<void>;
  /** After an SSO refresh: the new session, in the area the connection chose. No-op (false) if that connection's session changed meanwhile. */
  updateSso(id: string, previous: SsoSession, next: SsoSession): Promise<boolean>;
  /** Forget the credential (both areas); the connection stays (an SSO admin sees "Signed out" over the cached list). */
  dropCredential(id: string): Promise<void>;
  /** Removes one of the admin's own connections and its credential. */
  remove(id: string): Promise<void>;
  select(id: string): Promise<void>;
  /** Runs the one-time migration if needed; answers the migrated connection's id, or null. */
  migrate(): Promise<string | null>;
}

export function defaultStorageAreas(): StorageAreas {
  const managed = (browser.storage as { managed?: StorageAreas['managed'] }).managed;
  return { local: browser.storage.local, session: browser.storage.session, ...(managed ? { managed } : {}) };
}

const MANAGED_LOCKED = 'This connection is set by your organization and cannot be changed or removed here.';
const NOT_FOUND = 'That connection no longer exists. It may have been removed in another window.';

export function createConnectionStore(areas: StorageAreas = defaultStorageAreas()): ConnectionStore {
  let migration: Promise<string | null> | undefined;

  async function readOwn(): Promise<{ value: StoredConnections | null; problem: string | null }> {
    const read = readStoredConnections((await areas.local.get(CONNECTIONS_KEY))[CONNECTIONS_KEY]);
    return read.ok ? { value: read.value, problem: null } : { value: null, problem: read.message };
  }

  async function readManaged(): Promise<{ connections: Connection[]; problem: string | null }> {
    let raw: unknown;
    try {
      raw = await areas.managed?.get(null);
    } catch {
      // Firefox without a policy rejects ("Managed storage manifest not found"): no policy.
      return { connections: [], problem: null };
    }
    const read = readManagedPolicy(raw);
    return read.ok ? { connections: read.connections, problem: null } : { connections: [], problem: read.message };
  }

  async function writeOwn(value: StoredConnections): Promise<void> {
    await areas.local.set({ [CONNECTIONS_KEY]: value });
  }

  async function runMigration(): Promise<string | null> {
    const local = await areas.local.get([CONNECTIONS_KEY, LEGACY_SETTINGS_KEY]);
    if (local[CONNECTIONS_KEY] !== undefined) return null;
    const legacy = LegacySettings.safeParse(local[LEGACY_SETTINGS_KEY]);
    if (!legacy.success) return null; // nothing to migrate (or damaged: list() reports it)
    const url = validateApiUrl(legacy.data.apiUrl);
    if (!url.ok || url.apiUrl !== legacy.data.apiUrl) return null;
    const { apiUrl, remember } = legacy.data;
    const method = legacy.data.method ?? 'token';
    const area = remember ? areas.local : areas.session;
    const saved = await area.get([LEGACY_TOKEN_KEY, LEGACY_SSO_KEY]);
    const token = LegacyToken.safeParse(saved[LEGACY_TOKEN_KEY]);
    const session = SsoSession.safeParse(saved[LEGACY_SSO_KEY]);
    const credential: Credential | null =
      method === 'token'
        ? token.success
          ? { kind: 'token', token: token.data }
          : null
        : session.success
          ? { kind: 'sso', session: session.data }
          : null;
    // Credential first, list last: an interrupted migration runs again from the old keys.
    if (credential) await area.set({ [credentialKey(MIGRATED_ID)]: credential });
    const first: StoredConnection = {
      id: MIGRATED_ID,
      name: defaultNameFor(apiUrl),
      apiUrl,
      colour: 'blue',
      production: false,
      signIn: method,
      remember,
    };
    await writeOwn({ version: 1, connections: [first] });
    await areas.local.set({ [CURRENT_KEY]: MIGRATED_ID });
    await Promise.all([
      areas.local.remove([LEGACY_SETTINGS_KEY, LEGACY_TOKEN_KEY, LEGACY_SSO_KEY]),
      areas.session.remove([LEGACY_TOKEN_KEY, LEGACY_SSO_KEY]),
    ]);
    return MIGRATED_ID;
  }

  function migrate(): Promise<string | null> {
    migration ??= runMigration().catch((error: unknown) => {
      migration = undefined;
      throw error;
    });
    return migration;
  }

  async function list(): Promise<ConnectionList> {
    await migrate();
    const [own, managed, stored] = await Promise.all([readOwn(), readManaged(), areas.local.get([CURRENT_KEY, LEGACY_SETTINGS_KEY, RESOLVED_KEY])]);
    const current = stored[CURRENT_KEY];
    const legacy = stored[LEGACY_SETTINGS_KEY];
    const problems = [managed.problem, own.problem].filter((p): p is string => p !== null);
    // Old settings still here after migration ran: they could not be read.
    if (legacy !== undefined && own.value === null && own.problem === null) {
      problems.push('The saved connection settings could not be read and were ignored. Connect again in Options.');
    }
    const connections = mergeConnections(managed.connections, own.value?.connections ?? [], own.value?.managedRemember);
    // The popup paints its header from this copy (no policy parsing in the page); written only when it changed.
    if (JSON.stringify(connections) !== JSON.stringify(stored[RESOLVED_KEY] ?? [])) await areas.local.set({ [RESOLVED_KEY]: connections });
    return { connections, currentId: pickCurrent(connections, current)?.id ?? null, problems };
  }

  async function credentialOf(connection: Connection): Promise<Credential | null> {
    const key = credentialKey(connection.id);
    const parsed = StoredCredential.safeParse((await (connection.remember ? areas.local : areas.session).get(key))[key]);
    // A credential of the other kind than the connection's method is as good as none.
    return parsed.success && parsed.data.kind === connection.signIn ? parsed.data : null;
  }

  async function editOwn(change: (value: StoredConnections) => StoredConnections): Promise<void> {
    const own = await readOwn();
    // A damaged list is replaced only by an explicit add (never merged with).
    await writeOwn(change(own.value ?? { version: 1, connections: [] }));
    await list(); // refreshes the popup's copy at once: a removed connection must not stay in its header
  }

  const store: ConnectionStore = {
    list,
    migrate,
    async load(id) {
      const all = await list();
      const wanted = id ?? all.currentId;
      const connection = all.connections.find((c) => c.id === wanted);
      if (!connection) {
        if (id === undefined && all.problems.length > 0) return { state: 'corrupt', message: all.problems.join(' ') };
        return { state: 'none' };
      }
      return {
        state: 'ok',
        connection,
        apiUrl: connection.apiUrl,
        remember: connection.remember,
        method: connection.signIn,
        credential: await credentialOf(connection),
      };
    },
    async saveConnection(id, fields) {
      const all = await list();
      const existing = all.connections.find((c) => c.id === id);
      if (existing?.managed) {
        // Only "remember" is this device's to choose.
        await editOwn((v) => ({ ...v, managedRemember: { ...v.managedRemember, [id]: fields.remember } }));
        return { ...existing, remember: fields.remember };
      }
      const saved: StoredConnection = { id, ...fields };
      await editOwn((v) => {
        const others = v.connections.filter((c) => c.id !== id);
        const at = v.connections.findIndex((c) => c.id === id);
        const connections = at === -1 ? [...others, saved] : [...others.slice(0, at), saved, ...others.slice(at)];
        return { ...v, connections };
      });
      if (all.currentId === null) await areas.local.set({ [CURRENT_KEY]: id });
      return { ...saved, managed: false };
    },
    async saveCredential(id, credential, remember) {
      const key = credentialKey(id);
      const keep = remember ? areas.local : areas.session;
      const drop = remember ? areas.session : areas.local;
      await keep.set({ [key]: credential });
      await drop.remove(key);
    },
    async updateSso(id, previous, next) {
      const now = await store.load(id);
      // A sign-out or another sign-in while the refresh ran wins: never resurrect an old session.
      if (now.state !== 'ok' || now.credential?.kind !== 'sso' || now.credential.session.refreshToken !== previous.refreshToken) return false;
      await (now.remember ? areas.local : areas.session).set({ [credentialKey(id)]: { kind: 'sso', session: next } satisfies Credential });
      return true;
    },
    async dropCredential(id) {
      const key = credentialKey(id);
      await Promise.all([areas.local.remove(key), areas.session.remove(key)]);
    },
    async remove(id) {
      const all = await list();
      const existing = all.connections.find((c) => c.id === id);
      if (!existing) throw new ApiFailure('not_found', NOT_FOUND);
      if (existing.managed) throw new ApiFailure('forbidden', MANAGED_LOCKED);
      await editOwn((v) => ({ ...v, connections: v.connections.filter((c) => c.id !== id) }));
      await store.dropCredential(id);
      if (all.currentId === id) {
        const next = all.connections.find((c) => c.id !== id);
        await (next ? areas.local.set({ [CURRENT_KEY]: next.id }) : areas.local.remove(CURRENT_KEY));
      }
    },
    async select(id) {
      const all = await list();
      if (!all.connections.some((c) => c.id === id)) throw new ApiFailure('not_found', NOT_FOUND);
      await areas.local.set({ [CURRENT_KEY]: id });
    },
  };
  return store;
}
