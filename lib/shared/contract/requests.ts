// Request bodies the key API accepts, as the server parses them. Their own
// module so that extension pages, which import the key shapes from ./schemas,
// don't bundle them (the worker sends these bodies but never parses its own).
import { z } from './zod';
import { GRACE_MAX_SECONDS, IsoInstant, KeyName } from './schemas';

// POST /v1/keys
export const CreateKeyRequest = z.strictObject({
  name: KeyName,
  /** null = never expires. Must be in the future (checked against the server's clock). */
  expiresAt: z.nullable(IsoInstant),
});
export type CreateKeyRequest = z.infer<typeof CreateKeyRequest>;

// PATCH /v1/keys/{id}
export const RenameKeyRequest = z.strictObject({ name: KeyName });
export type RenameKeyRequest = z.infer<typeof RenameKeyRequest>;

// POST /v1/keys/{id}/replace
export const ReplaceKeyRequest = z.strictObject({
  name: KeyName,
  expiresAt: z.nullable(IsoInstant),
  /** How long the old key keeps working; its expiry is shortened (never extended) to now + grace. 0 = stops now. */
  graceSeconds: z
    // The server also refuses 3600.0 and 1e3 (a fraction or exponent in the JSON text): integers are written as integers.
    .int({ error: 'graceSeconds must be a whole number of seconds written as an integer, e.g. 3600 (not 3600.0 or 1e3).' })
    .check(z.gte(0, 'graceSeconds must be at least 0.'), z.lte(GRACE_MAX_SECONDS, 'graceSeconds must be at most 30 days (2592000).')),
});
export type ReplaceKeyRequest = z.infer<typeof ReplaceKeyRequest>;
