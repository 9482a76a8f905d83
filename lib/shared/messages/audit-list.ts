// One page of the audit log (GET /v1/audit), newest first. Imported only by
// lazily loaded parts (the Activity view, the CSV export): its schemas are
// never in a page's first load.
import { z } from '../contract/zod';
import { IsoInstant, KeyId, LIST_LIMIT_MAX } from '../contract/schemas';
import { AuditListResponse } from '../contract/audit';
import { defineMessage } from './define';

export const auditList = defineMessage('audit.list', {
  body: {
    keyId: z.optional(KeyId),
    /** Events strictly before this instant. */
    before: z.optional(IsoInstant),
    /** Events at or after this instant. */
    after: z.optional(IsoInstant),
    cursor: z.optional(z.string().check(z.maxLength(200))),
    limit: z.optional(z.int().check(z.gte(1), z.lte(LIST_LIMIT_MAX))),
  },
  response: AuditListResponse,
});
