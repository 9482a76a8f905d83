// The one protocol between the extension's pages (popup, options) and the
// background service worker. Both ends import this file; the worker parses
// requests on arrival (schemas in ./requests), the pages parse replies with
// the schemas here. Replies are values `{ok}` or `{error}`: errors are
// serialized, never thrown across the port.
import { z } from '../contract/zod';
import { KeyMeta, IsoInstant, KeyId } from '../contract/schemas';
import { Preferences } from '../settings/preferences';
import { ErrorInfo } from '../errors';
import type { RequestType } from './requests';

export { ErrorCode, ErrorInfo } from '../errors';

// ---- Shared value shapes ---------------------------------------------------

export const ConnectionInfo = z.object({
  apiUrl: z.string(),
  remember: z.boolean(),
  /** True when a token is available (in session or local storage). */
  hasToken: z.boolean(),
});
export type ConnectionInfo = z.infer<typeof ConnectionInfo>;

export const KeysSnapshot = z.object({
  keys: z.array(KeyMeta),
  /** When the list was last fetched in full from the server; null if never. */
  syncedAt: z.nullable(IsoInstant),
});
export type KeysSnapshot = z.infer<typeof KeysSnapshot>;

// ---- Requests ----------------------------------------------------------------
// Their schemas live in ./requests: only the worker parses requests, and
// keeping them out of this file keeps them out of the popup's bundle.

export type { Request, RequestType, CreateStart } from './requests';

/** A notice the worker leaves for the popup, e.g. a key created while the popup was closed. No secrets, ever. */
export const Notice = z.object({
  id: z.string(),
  kind: z.enum(['unseen_key_deleted', 'unseen_key_live']),
  keyId: KeyId,
  keyName: z.string(),
  at: IsoInstant,
});
export type Notice = z.infer<typeof Notice>;

/** What each request answers with, on success. */
export interface Responses {
  'connection.get': ConnectionInfo | null;
  'connection.connect': { keyCount: number };
  'connection.disconnect': null;
  'keys.sync': KeysSnapshot;
  'keys.rename': { key: KeyMeta };
  'keys.delete': null;
  'notices.take': Notice[];
  'preferences.get': Preferences;
  'preferences.save': Preferences;
  'clipboard.scheduleClear': null;
}

export type Reply<T> = { ok: T } | { error: ErrorInfo };

export function replySchema<T extends z.ZodMiniType>(value: T) {
  return z.union([z.strictObject({ ok: value }), z.strictObject({ error: ErrorInfo })]);
}

export const ResponseSchemas = {
  'connection.get': z.nullable(ConnectionInfo),
  'connection.connect': z.object({ keyCount: z.number() }),
  'connection.disconnect': z.null(),
  'keys.sync': KeysSnapshot,
  'keys.rename': z.object({ key: KeyMeta }),
  'keys.delete': z.null(),
  'notices.take': z.array(Notice),
  'preferences.get': Preferences,
  'preferences.save': Preferences,
  'clipboard.scheduleClear': z.null(),
} satisfies { [K in RequestType]: z.ZodMiniType };

// ---- Create: over a Port, so the worker knows if the popup went away --------
//
// The secret exists only in this reply. The popup opens a Port named
// CREATE_PORT and posts one CreateStart; the worker posts one CreateResult.
// If the port disconnects before the worker can deliver (the popup closed:
// it closes whenever focus leaves it), nobody has seen the secret, so the
// worker deletes the new key at once and leaves a Notice saying so.

export const CREATE_PORT = 'keys.create';


export const CreateResult = z.union([
  z.strictObject({
    ok: z.strictObject({
      key: KeyMeta,
      /** null when the server says this submission was already issued: the secret was sent before and can't be shown again. */
      secret: z.nullable(z.string()),
      alreadyIssued: z.optional(z.boolean()),
      /** For a replacement: the old key with its shortened expiry. */
      replaced: z.optional(KeyMeta),
    }),
  }),
  z.strictObject({ error: ErrorInfo }),
]);
export type CreateResult = z.infer<typeof CreateResult>;
