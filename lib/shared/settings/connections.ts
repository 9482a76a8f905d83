// Connections: the key APIs (organizations, environments) one toolbar holds.
// Pure rules shared by the worker (which owns the stored list) and the pages
// (which read it to paint the header at once). No secret lives here: a
// connection's credential is stored on its own, per connection id
// (lib/worker/stores/connection-store.ts).
//
// Two sources: the admin's own list in storage.local, and the organization's
// policy in storage.managed (locked: shown, never edited or removed here).
import { z } from '../contract/zod';
import { validateApiUrl } from './url';
import { CONNECTIONS_KEY, CURRENT_KEY } from './connection-keys';
import { ConnectionId } from './connection-id';
import { CONNECTION_NAME_MAX, ConnectionColour, ConnectionName, SignInMethod, type Connection } from './connection-info';

export { CONNECTIONS_KEY, CURRENT_KEY };
export type { Connection };

/** Stored names are trimmed (the worker trims before saving). */
const TrimmedName = ConnectionName.check(z.refine((name: string) => name === name.trim(), 'The name has spaces at its ends.'));

/** A valid, normalized API URL (what validateApiUrl answers). */
const ApiUrl = z.string().check(
  z.refine((text) => {
    const checked = validateApiUrl(text);
    return checked.ok && checked.apiUrl === text;
  }, 'Not a valid key API URL.'),
);

/** One connection as the admin stored it. */
export const StoredConnection = z.strictObject({
  id: ConnectionId,
  name: TrimmedName,
  apiUrl: ApiUrl,
  colour: ConnectionColour,
  production: z.boolean(),
  signIn: SignInMethod,
  /** Keep the credential on this device's disk (storage.local) instead of memory only (storage.session). */
  remember: z.boolean(),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

export const StoredConnections = z.strictObject({
  version: z.literal(1),
  connections: z.array(StoredConnection).check(z.maxLength(50)),
  /** "Remember on this device" for the organization's connections (the policy can't decide it). */
  managedRemember: z.optional(z.record(ConnectionId, z.boolean())),
});
export type StoredConnections = z.infer<typeof StoredConnections>;

/** Managed connection ids get this prefix, so a policy can never take over one of the admin's own. */
const MANAGED_PREFIX = 'org-';

/**
 * The policy IT deploys (storage.managed; the manifest's managed_schema says the
 * same for Chrome's policy editor). Every field but `remember` (a choice of this
 * device) is the organization's.
 */
const ManagedPolicy = z.object({
  connections: z.optional(
    z
      .array(
        z.strictObject({
          id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'id: lower-case letters, digits and "-" only')),
          name: TrimmedName,
          apiUrl: ApiUrl,
          colour: z.optional(ConnectionColour),
          production: z.optional(z.boolean()),
          signIn: z.optional(SignInMethod),
        }),
      )
      .check(z.maxLength(50)),
  ),
});

export type ManagedRead = { ok: true; connections: Connection[] } | { ok: false; message: string };

/** Reads storage.managed's whole object. An unreadable policy is ignored as a whole, with a message the options page shows. */
export function readManagedPolicy(raw: unknown): ManagedRead {
  if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) return { ok: true, connections: [] };
  const parsed = ManagedPolicy.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (at ${issue.path.map(String).join('.')})` : '';
    return {
      ok: false,
      message: `Your organization's connection policy could not be read and was ignored${where}: ${issue?.message ?? 'invalid value'}. Ask your IT team to correct it.`,
    };
  }
  const list = parsed.data.connections ?? [];
  const ids = new Set<string>();
  for (const entry of list) {
    if (ids.has(entry.id)) {
      return {
        ok: false,
        message: `Your organization's connection policy names the id "${entry.id}" twice and was ignored. Ask your IT team to correct it.`,
      };
    }
    ids.add(entry.id);
  }
  return {
    ok: true,
    connections: list.map((entry) => ({
      id: MANAGED_PREFIX + entry.id,
      name: entry.name,
      apiUrl: entry.apiUrl,
      colour: entry.colour ?? 'blue',
      production: entry.production ?? false,
      signIn: entry.signIn ?? 'token',
      remember: false,
      managed: true,
    })),
  };
}

export type StoredRead = { ok: true; value: StoredConnections | null } | { ok: false; message: string };

const STORED_CORRUPT_MESSAGE = 'The saved connections could not be read and were ignored. Add your connections again in Options.';

/** Reads 'connections.v1'; null when absent (never saved: migration decides). */
export function readStoredConnections(raw: unknown): StoredRead {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  const parsed = StoredConnections.safeParse(raw);
  if (!parsed.success) return { ok: false, message: STORED_CORRUPT_MESSAGE };
  const ids = new Set(parsed.data.connections.map((c) => c.id));
  if (ids.size !== parsed.data.connections.length) return { ok: false, message: STORED_CORRUPT_MESSAGE };
  return { ok: true, value: parsed.data };
}

/** Managed first (the organization's order), then the admin's own. `remember` of a managed one is this device's choice. */
export function mergeConnections(
  managed: readonly Connection[],
  own: readonly StoredConnection[],
  managedRemember: Readonly<Record<string, boolean>> = {},
): Connection[] {
  return [...managed.map((c) => ({ ...c, remember: managedRemember[c.id] ?? false })), ...own.map((c) => ({ ...c, managed: false }))];
}

/** A default name for a URL the admin did not name: its host ("keys.example.com"). */
export function defaultNameFor(apiUrl: string): string {
  try {
    return new URL(apiUrl).host.slice(0, CONNECTION_NAME_MAX);
  } catch {
    return 'Key API';
  }
}
