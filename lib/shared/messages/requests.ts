// The requests of the protocol in ./protocol, as the worker parses them on
// arrival. A separate module because only the worker parses requests: the
// pages import these types only, so the schemas stay out of their bundles.
import { z } from '../contract/zod';
import { KeyName, IsoInstant, KeyId, IdempotencyKey, GRACE_MAX_SECONDS } from '../contract/schemas';
import { Preferences } from '../settings/preferences';

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

/** Starts a create over the CREATE_PORT Port (see ./protocol). */
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
