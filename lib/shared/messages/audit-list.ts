// One page of the audit log (GET /v1/audit), newest first. Imported only by
// lazily loaded parts (the Activity view, the CSV export).
//
// The worker parses the server's answer with the contract (contract/audit.ts);
// the page parses the worker's reply with the lean schema below. Not the
// contract's: every zod function a lazy chunk uses lands in the pages' shared
// zod chunk, and the contract's (record, pipe, transform…) added 4 KB to the
// popup's and the options page's first load. A compile-time check keeps the
// contract's events assignable to this shape.
import { z } from '../contract/zod';
import type { AuditEvent as ContractAuditEvent } from '../contract/audit';
import { IsoInstant, KeyId, LIST_LIMIT_MAX } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

type Details = Record<string, string | number | null>;
const isDetails = (v: unknown): v is Details =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => x === null || typeof x === 'string' || typeof x === 'number');

export const AuditEvent = z.object({
  id: z.number(),
  at: IsoInstant,
  actor: z.nullable(z.object({ id: z.nullable(z.number()), name: z.string(), email: z.nullable(z.string()), method: z.string() })),
  /** As the server names it: a newer server's actions are shown as they come. */
  action: z.string(),
  key: z.nullable(z.object({ id: KeyId, name: z.string(), hint: z.string() })),
  details: z.nullable(z.custom<Details>(isDetails)),
  clientAddress: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  requestId: z.nullable(z.string()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
const contractFits: (e: ContractAuditEvent) => AuditEvent = (e) => e;
void contractFits;

export const AuditPage = z.object({ events: z.array(AuditEvent), nextCursor: z.nullable(z.string()) });
export type AuditPage = z.infer<typeof AuditPage>;

export const auditList = defineMessage('audit.list', {
  body: {
    /** Absent: the current connection (the options page's export); the popup names the one it shows. */
    connectionId: z.optional(ConnectionId),
    keyId: z.optional(KeyId),
    /** Events strictly before this instant. */
    before: z.optional(IsoInstant),
    /** Events at or after this instant. */
    after: z.optional(IsoInstant),
    cursor: z.optional(z.string().check(z.maxLength(200))),
    limit: z.optional(z.number().check(z.gte(1), z.lte(LIST_LIMIT_MAX))),
  },
  response: AuditPage,
});
