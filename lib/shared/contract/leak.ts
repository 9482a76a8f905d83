// Leak response on the key API: POST /v1/keys/lookup (which of these secret
// hashes are our keys?) and the reason a key is deleted for. Its own module so
// extension pages that never look up keys don't bundle it.
import { z } from './zod';
import { KeyMeta } from './schemas';

/** At most this many hashes per lookup request. */
export const LOOKUP_HASHES_MAX = 100;

/** SHA-256 of a key secret as the server stores it: 64 lowercase hex characters. */
const SecretHash = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Each hash must be a SHA-256 digest in lowercase hex (64 characters).'));

// POST /v1/keys/lookup
export const LookupKeysRequest = z.strictObject({
  hashes: z
    .array(SecretHash)
    .check(
      z.minLength(1, 'hashes must hold at least one hash.'),
      z.maxLength(LOOKUP_HASHES_MAX, `hashes must hold at most ${LOOKUP_HASHES_MAX} hashes per request.`),
    ),
});
export type LookupKeysRequest = z.infer<typeof LookupKeysRequest>;

/** One answer per hash sent, in the same order: the key's metadata, or null (not a key of this organization, or deleted). */
export const LookupKeysResponse = z.object({
  results: z.array(z.object({ hash: SecretHash, key: z.nullable(KeyMeta) })),
});
export type LookupKeysResponse = z.infer<typeof LookupKeysResponse>;

/** The origin of an http(s) URL (`scheme://host[:port]`), or null for anything else (chrome://, file:, about:, junk). */
export function pageOrigin(url: string | undefined | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.origin;
}

const ORIGIN_MAX = 300;

// DELETE /v1/keys/{id}?reason=leaked&foundOn=<origin>
// The origin only, never a path or query: those can hold names, ticket ids or the key itself.
export const DeleteKeyQuery = z
  .strictObject({
    reason: z.optional(z.enum(['leaked'], 'reason must be "leaked".')),
    foundOn: z.optional(
      z.string().check(
        z.maxLength(ORIGIN_MAX, `foundOn must be at most ${ORIGIN_MAX} characters.`),
        z.refine((s) => pageOrigin(s) === s, 'foundOn must be an http(s) origin such as https://chat.example.com, with no path.'),
      ),
    ),
  })
  .check(z.refine((q) => q.foundOn === undefined || q.reason !== undefined, { message: 'foundOn needs reason=leaked.', path: ['foundOn'] }));
export type DeleteKeyQuery = z.infer<typeof DeleteKeyQuery>;
