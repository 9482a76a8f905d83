// GET /v1/audit: the audit log, newest first, keyset-paginated like the key
// list (a deep page costs what the first does). Read-only: no endpoint edits
// or deletes events, and the table refuses it too (db.ts triggers).
import { LIST_LIMIT_DEFAULT, formatInstant, instantMs } from '../../lib/shared/contract/schemas';
import { AuditQuery, type AuditEvent, type AuditListResponse } from '../../lib/shared/contract/audit';
import { parseWith } from '../body';
import type { Deps } from '../context';
import { decodeAuditCursor, encodeAuditCursor } from '../cursor';
import type { AuditRow } from '../store';
import { queryObject } from './params';
import type { Route } from './route';

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: formatInstant(row.at),
    actor: row.actor_method === null ? null : { id: row.actor_id, name: row.actor_name ?? '', email: row.actor_email, method: row.actor_method },
    action: row.action,
    key: row.key_id === null ? null : { id: row.key_id, name: row.key_name ?? '', hint: row.key_hint ?? '' },
    details: row.details === null ? null : (JSON.parse(row.details) as AuditEvent['details']),
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    requestId: row.request_id,
  };
}

export const listAuditRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/audit',
  auth: { role: 'viewer', what: 'read the audit log' },
  query: Object.keys(AuditQuery.shape),
  handler: (c) => {
    const query = parseWith(AuditQuery, queryObject(c));
    const limit = query.limit ?? LIST_LIMIT_DEFAULT;
    // One extra row tells whether another page exists without a count query.
    const rows = deps.store.listAudit({
      keyId: query.keyId,
      actorId: query.actorId === undefined ? undefined : Number(query.actorId),
      action: query.action,
      before: query.before === undefined ? undefined : instantMs(query.before),
      since: query.after === undefined ? undefined : instantMs(query.after),
      after: query.cursor === undefined ? null : decodeAuditCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const body: AuditListResponse = {
      events: page.map(toAuditEvent),
      nextCursor: rows.length > limit && last ? encodeAuditCursor({ at: last.at, id: last.id }) : null,
    };
    return c.json(body);
  },
});
