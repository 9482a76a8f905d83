// The audit log's shapes (GET /v1/audit) and admin roles: what the server
// answers about who changed what. Its own module so that extension pages,
// which import the key shapes from ./schemas, don't bundle these.
import { z } from './zod';
import { IsoInstant, KeyId, LIST_LIMIT_MAX } from './schemas';

/** viewer: read keys and the audit log; admin: also change keys; owner: the bootstrap admin. */
export const AdminRole = z.enum(['viewer', 'admin', 'owner']);
export type AdminRole = z.infer<typeof AdminRole>;

export const AuditAction = z.enum([
  'key.created',
  'key.renamed',
  'key.replaced',
  'key.deleted',
  'admin.token_created',
  'admin.token_revoked',
  'admin.sso_added',
  'auth.failed',
  'auth.sign_in',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEvent = z.object({
  id: z.number(),
  at: IsoInstant,
  /** Who acted; null for a failed authentication (nobody was recognized). id is null for the command line. method: how they authenticated (sso = an access token from the OpenID provider). */
  actor: z.nullable(
    z.object({ id: z.nullable(z.number()), name: z.string(), email: z.nullable(z.string()), method: z.enum(['token', 'sso', 'cli']) }),
  ),
  action: AuditAction,
  /** The key acted on, as it was then. Never its secret. */
  key: z.nullable(z.object({ id: KeyId, name: z.string(), hint: z.string() })),
  /** What changed, by action: renamed {oldName, newName}; replaced {newKeyId, graceSeconds}; admin.* {adminId, name, email, role} (sso_added: an SSO-only person, no token). */
  details: z.nullable(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  clientAddress: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  requestId: z.nullable(z.string()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

const AUDIT_ACTOR_ID = /^[1-9]\d{0,15}$/;

export const AuditQuery = z.strictObject({
  keyId: z.optional(KeyId),
  actorId: z.optional(z.string().check(z.regex(AUDIT_ACTOR_ID, 'actorId must be an admin id (a positive integer).'))),
  action: z.optional(AuditAction),
  /** Only events strictly before this instant. */
  before: z.optional(IsoInstant),
  /** Only events at or after this instant (with before: a period, e.g. for a CSV export). */
  after: z.optional(IsoInstant),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/, 'limit must be a whole number.')),
      z.pipe(
        z.transform((v: string) => Number(v)),
        z.number().check(z.gte(1, 'limit must be at least 1.'), z.lte(LIST_LIMIT_MAX, `limit must be at most ${LIST_LIMIT_MAX}.`)),
      ),
    ),
  ),
});

export const AuditListResponse = z.object({
  events: z.array(AuditEvent),
  nextCursor: z.nullable(z.string()),
});
export type AuditListResponse = z.infer<typeof AuditListResponse>;
