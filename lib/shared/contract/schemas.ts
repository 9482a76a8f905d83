// The key API contract: the single source of truth for request bodies,
// responses and the error envelope. The reference server validates with these
// schemas and the extension parses every response with them.
//
// Requests are strict (unknown fields are refused); responses are parsed
// loosely (unknown fields are dropped) so a newer server stays readable.
import { z } from './zod';

export const NAME_MAX = 100;
export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 500;
export const BODY_MAX_BYTES = 16 * 1024;

// Control characters (C0, DEL, C1) would make a name unreadable or spoof
// another in a list; line/paragraph separators too.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

// A lone surrogate cannot be stored as UTF-8: SQLite keeps bytes that read back
// as three U+FFFD, so the name changes on disk and keyset cursors over it break.
// (In a u-regex a proper pair is one code point, so only lone halves match.)
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// Bidirectional controls reorder what follows them: "prod \u202etxt.exe"
// displays as "prod exe.txt".
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
// Format characters (zero-width space/joiner, soft hyphen, tags, BOM, …) are
// invisible, so two different names can look identical.
const FORMAT_CHARS = /\p{Cf}/u;
// Nothing a reader would see: spaces, fillers (Hangul, braille blank),
// default-ignorables and combining marks with no base.
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

const codePoint = (s: string, at: number): string => `U+${(s.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Length in Unicode code points (an unpaired surrogate counts as one): the unit JSON Schema's maxLength uses. */
const codePointLength = (s: string): number => [...s].length;

/**
 * A key's display name: trimmed (ECMAScript String.prototype.trim: Unicode
 * White_Space space separators, TAB, LF, VT, FF, CR, U+2028, U+2029 and
 * U+FEFF) before any other rule, then 1–100 Unicode code points, well-formed
 * Unicode, no control, bidirectional-control or format characters, and at
 * least one visible character. The rules exist so a name is stored exactly as
 * sent and displays as what it is. Code points, not UTF-16 units, so a name of
 * 100 emoji fits and every implementation counts the same way.
 */
export const KeyName = z.string().check(
  z.trim(),
  z.refine((s) => s.length > 0, 'Name must not be empty.'),
  z.refine((s) => codePointLength(s) <= NAME_MAX, `Name must be at most ${NAME_MAX} characters (Unicode code points).`),
  z.refine((s) => !CONTROL_CHARS.test(s), 'Name must not contain control characters.'),
  z.superRefine((s, ctx) => {
    const problem = (message: string): void => {
      ctx.issues.push({ code: 'custom', message, input: s });
    };
    let match = LONE_SURROGATE.exec(s);
    if (match) {
      return problem(`Name must be well-formed Unicode: it has an unpaired surrogate (${codePoint(s, match.index)}) at position ${match.index + 1}.`);
    }
    match = BIDI_CONTROLS.exec(s);
    if (match) {
      return problem(
        `Name must not contain bidirectional controls (found ${codePoint(s, match.index)}): they make a name display in a different order than it is stored.`,
      );
    }
    match = FORMAT_CHARS.exec(s);
    if (match) {
      return problem(
        `Name must not contain invisible format characters (found ${codePoint(s, match.index)}): they make different names look the same.`,
      );
    }
    if (INVISIBLE_ONLY.test(s)) {
      problem('Name must contain at least one visible character: spaces, fillers and combining marks alone display as nothing.');
    }
  }),
);

// ---- Instants -------------------------------------------------------------
// One definition for the server and the extension. The range is what the
// answer format can express with a four-digit year, from the epoch (instants
// are stored as ms since 1970; -1 is the "never used" sort sentinel):
// an instant outside it is refused in requests and can never be answered.

const INSTANT_MIN_MS = 0; // 1970-01-01T00:00:00.000Z
const INSTANT_MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const INSTANT_RANGE = '1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z';

/** The only shape the server answers: UTC with milliseconds, four-digit year. */
export const UTC_INSTANT_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ms since the epoch for an instant string IsoInstant accepts, or undefined when outside the range. */
export function instantMs(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms >= INSTANT_MIN_MS && ms <= INSTANT_MAX_MS ? ms : undefined;
}

/** The answer format for an in-range instant; throws otherwise (a server bug, never a client's). */
export function formatInstant(ms: number): string {
  if (!Number.isInteger(ms) || ms < INSTANT_MIN_MS || ms > INSTANT_MAX_MS) throw new RangeError(`Instant out of range: ${ms}`);
  return new Date(ms).toISOString();
}

/**
 * An ISO 8601 instant with an explicit offset: `YYYY-MM-DDTHH:MM:SS`, optional
 * fraction, then `Z` or `±HH:MM`; a real calendar date; and, after applying
 * the offset, within INSTANT_MIN_MS..INSTANT_MAX_MS.
 */
export const IsoInstant = z.iso
  .datetime({ offset: true, error: 'Must be an ISO 8601 instant with an offset, e.g. 2030-01-31T23:59:59Z.' })
  .check(z.refine((s) => instantMs(s) !== undefined, `Must be an instant from ${INSTANT_RANGE} once its offset is applied.`));

/** A key's id, e.g. "key_0123456789abcdefghij": the one definition of its shape. */
export const KEY_ID_PATTERN = /^key_[0-9a-z]{20,40}$/;
export const KeyId = z.string().check(z.regex(KEY_ID_PATTERN, 'Not a key id.'));

export const KeyStatus = z.enum(['active', 'expired']);
export type KeyStatus = z.infer<typeof KeyStatus>;

/** What a person and the extension may know about a key. Never the secret. */
export const KeyMeta = z.object({
  id: KeyId,
  name: z.string(),
  /** Prefix and last 4 characters, e.g. "wbk_…x7Qa": identifies, never enough to use. */
  hint: z.string(),
  createdAt: IsoInstant,
  expiresAt: z.nullable(IsoInstant),
  lastUsedAt: z.nullable(IsoInstant),
  status: KeyStatus,
  /**
   * The admin who generated it; null for keys made before servers recorded
   * it. Optional so this extension still reads an older server's keys.
   */
  createdBy: z.optional(z.nullable(z.object({ id: z.number(), name: z.string() }))),
});
export type KeyMeta = z.infer<typeof KeyMeta>;

// ---- GET /v1/keys (query parameters: list-query.ts) ----------------------

export const ListKeysResponse = z.object({
  keys: z.array(KeyMeta),
  nextCursor: z.nullable(z.string()),
});
export type ListKeysResponse = z.infer<typeof ListKeysResponse>;

// ---- POST /v1/keys -------------------------------------------------------

/**
 * Every create carries an `Idempotency-Key` header (one per form submission).
 * The server remembers it for 24 h: a retry with the same key and body gets
 * the same key's metadata with `secret: null, alreadyIssued: true` (the
 * secret is never stored to replay it); a different body gets 409.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z.string().check(z.regex(/^[\x21-\x7e]{8,255}$/, 'Idempotency-Key must be 8–255 printable ASCII characters.'));

export const CreateKeyResponse = z.object({
  key: KeyMeta,
  /** The only time the secret is ever sent; null on an idempotent replay. */
  secret: z.nullable(z.string()),
  /** True when this answers a retry of a create that already happened: the secret was issued before. */
  alreadyIssued: z.optional(z.boolean()),
});
export type CreateKeyResponse = z.infer<typeof CreateKeyResponse>;

// ---- GET/PATCH /v1/keys/{id} ---------------------------------------------

export const KeyResponse = z.object({ key: KeyMeta });
export type KeyResponse = z.infer<typeof KeyResponse>;

// ---- POST /v1/keys/{id}/replace -------------------------------------------

/** At most 30 days: the old key keeps working this long after a replacement. */
export const GRACE_MAX_SECONDS = 30 * 24 * 60 * 60;

export const ReplaceKeyResponse = z.object({
  key: KeyMeta,
  secret: z.nullable(z.string()),
  alreadyIssued: z.optional(z.boolean()),
  /** The old key after its expiry was shortened (unchanged if it had already expired). */
  replaced: KeyMeta,
});
export type ReplaceKeyResponse = z.infer<typeof ReplaceKeyResponse>;

// ---- GET /v1/whoami ------------------------------------------------------

export const WhoamiResponse = z.object({ keyId: KeyId, name: z.string() });
export type WhoamiResponse = z.infer<typeof WhoamiResponse>;

// ---- Errors --------------------------------------------------------------

export const ApiErrorCode = z.enum([
  'invalid_request', // 400: a field is wrong; `field` names it
  'invalid_json', // 400: the body is not JSON
  'expiry_immutable', // 400: PATCH touched expiresAt
  'unauthorized', // 401: admin token missing or wrong
  'forbidden', // 403: the admin's role may not do this; the message names the role
  'not_an_admin', // 403: a valid SSO sign-in of someone with no role here; the message names who
  'token_expired', // 401: the SSO access token has expired (the extension refreshes it)
  'provider_unavailable', // 503: the OpenID provider's keys could not be fetched to check an SSO token
  'key_invalid', // 401 on /v1/whoami: unknown, malformed or deleted key
  'key_expired', // 401 on /v1/whoami: the key's expiry has passed
  'not_found', // 404
  'idempotency_conflict', // 409: same Idempotency-Key, different body
  'method_not_allowed', // 405
  'payload_too_large', // 413
  'unsupported_media_type', // 415
  'rate_limited', // 429
  'internal', // 500
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorBody = z.object({
  error: z.object({
    // Parsed as a plain string so a newer server's new codes stay readable.
    code: z.string(),
    message: z.string(),
    /** For invalid_request: the offending field, e.g. "name" or "expiresAt". */
    field: z.optional(z.string()),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Human text for a failed parse, naming the field: "name: Name must not be empty." */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): {
  field: string | undefined;
  message: string;
} {
  const first = error.issues[0];
  if (!first) return { field: undefined, message: 'Invalid input.' };
  const field = first.path.length ? first.path.map(String).join('.') : undefined;
  return { field, message: field ? `${field}: ${first.message}` : first.message };
}
