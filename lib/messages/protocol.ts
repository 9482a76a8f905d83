// The one protocol between the extension's pages (popup, options) and the
// background service worker. Both ends import this file: requests are parsed
// with zod on arrival, replies are values `{ok}` or `{error}`: errors are
// serialized, never thrown across the port.
import { z } from '../api/zod';
import { KeyMeta, KeyName, IsoInstant, KeyId, IdempotencyKey, GRACE_MAX_SECONDS } from '../api/schemas';
import { Preferences } from '../settings/preferences';

// ---- Errors the UI shows ---------------------------------------------------

export const ErrorCode = z.enum([
  'not_connected', // no API URL / admin token configured yet
  'unauthorized', // the server rejected the admin token
  'unreachable', // network failure: server down, DNS, refused
  'timeout', // the server did not answer in time
  'server_error', // 5xx or an error we cannot attribute to the request
  'bad_response', // the response was not understood (wrong shape, not JSON, too big)
  'invalid_input', // the server (or we) refused a field; `field` names it
  'not_found', // the key no longer exists (deleted elsewhere)
  'permission_denied', // host permission for the API origin not granted
  'rate_limited', // 429
  'interrupted', // the popup closed / worker stopped mid-request
  'internal', // a bug of ours; message says what
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  field: z.optional(z.string()),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

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

export const Request = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('connection.get') }),
  z.strictObject({
    type: z.literal('connection.connect'),
    apiUrl: z.string().check(z.maxLength(2048)),
    adminToken: z.string().check(z.maxLength(4096)),
    remember: z.boolean(),
  }),
  z.strictObject({ type: z.literal('connection.disconnect') }),
  z.strictObject({ type: z.literal('keys.sync') }),
  z.strictObject({ type: z.literal('keys.rename'), id: KeyId, name: KeyName }),
  z.strictObject({ type: z.literal('keys.delete'), id: KeyId }),
  z.strictObject({ type: z.literal('notices.take') }),
  z.strictObject({ type: z.literal('preferences.get') }),
  z.strictObject({ type: z.literal('preferences.save'), preferences: Preferences }),
  // Clear the clipboard later, only if it still holds the copied value. The
  // page sends the SHA-256 (hex) of what it copied, never the value itself.
  z.strictObject({
    type: z.literal('clipboard.scheduleClear'),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    delaySeconds: z.int().check(z.gte(1), z.lte(3600)),
  }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

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

export const CreateStart = z.strictObject({
  type: z.literal('keys.create'),
  name: KeyName,
  expiresAt: z.nullable(IsoInstant),
  /** One per form submission; a retry of the same submission reuses it, so a network fault never makes two keys. */
  idempotencyKey: z.optional(IdempotencyKey),
  /** Generate a replacement for this key: the old one keeps working for graceSeconds (never longer than it would have). */
  replace: z.optional(z.strictObject({ id: KeyId, graceSeconds: z.int().check(z.gte(0), z.lte(GRACE_MAX_SECONDS)) })),
});
export type CreateStart = z.infer<typeof CreateStart>;

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
