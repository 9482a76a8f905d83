// The one audit-event factory for tests: event n happened n seconds after 2030-01-01, by Alice, about key n.
import type { AuditEvent } from '../../lib/shared/messages/audit-list';

export function auditEvent(id: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    at: new Date(Date.UTC(2030, 0, 1) + id * 1000).toISOString(),
    actor: { id: 2, name: 'Alice', email: 'alice@example.com', method: 'token' },
    action: 'key.created',
    key: { id: `key_${String(id).padStart(20, '0')}`, name: `Key ${id}`, hint: 'wbk_…abcd' },
    details: null,
    clientAddress: '127.0.0.1',
    userAgent: null,
    requestId: null,
    ...over,
  };
}
