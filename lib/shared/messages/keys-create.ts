// Create travels over a Port, not a message, so the worker knows whether the
// popup is still there to receive the secret. The popup opens a Port named
// CREATE_PORT and posts one CreateStart; the worker posts one CreateResult.
// If the port disconnects before the worker can deliver (the popup closes
// whenever focus leaves it), nobody has seen the secret, so the worker deletes
// the new key at once and leaves a Notice saying so. The secret exists only
// in this reply.
import { z } from '../contract/zod';
import { GRACE_MAX_SECONDS, IdempotencyKey, IsoInstant, KeyId, KeyMeta, KeyName } from '../contract/schemas';
import { ErrorInfo } from '../errors';
import { ConnectionId } from '../settings/connection-id';

export const CREATE_PORT = 'keys.create';

export const CreateStart = z.strictObject({
  type: z.literal('keys.create'),
  /** The connection the create started in; it finishes there whatever the popup switches to meanwhile. Absent: the current one. */
  connectionId: z.optional(ConnectionId),
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
