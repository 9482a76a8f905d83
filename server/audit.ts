// What an audit event says about the request behind it: who (the admin
// authentication found), from where, with which client, under which request
// id. Routes add the action and the key and record it in the same
// transaction as the change (store.atomically), so neither exists alone.
import { writeSync } from 'node:fs';
import type { AuditAction } from '../lib/shared/contract/audit';
import type { Clock } from './clock';
import { clientAddress, type Ctx } from './context';
import type { KeyRow, NewAuditEvent, Store } from './store';

const USER_AGENT_MAX = 200;

/** A user agent fit to store and show: control characters removed (no log/terminal injection), at most 200 characters. */
function cleanUserAgent(value: string | undefined): string | null {
  if (value === undefined) return null;
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, USER_AGENT_MAX);
  return cleaned === '' ? null : cleaned;
}

function requestMeta(c: Ctx): Pick<NewAuditEvent, 'clientAddress' | 'userAgent' | 'requestId'> {
  return { clientAddress: clientAddress(c), userAgent: cleanUserAgent(c.req.header('user-agent')), requestId: c.get('requestId') };
}

// Test-only: makes the window between a change and its event observable. With
// WORKBASE_TEST_HOLD_BEFORE_AUDIT=<action>, the process announces itself on
// stderr and blocks for good inside the transaction, after the change and
// before the event (auditEvent runs there), so a test can SIGKILL it exactly
// there (tests/server/audit-completeness.test.ts). Unset in production.
const HOLD_BEFORE_AUDIT = process.env.WORKBASE_TEST_HOLD_BEFORE_AUDIT;

function holdForTest(action: AuditAction): void {
  if (HOLD_BEFORE_AUDIT !== action) return;
  writeSync(2, `holding before audit ${action}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** An event by the authenticated admin of this request. Built inside the change's transaction, after the change. */
export function auditEvent(
  c: Ctx,
  at: number,
  action: AuditAction,
  key: Pick<KeyRow, 'id' | 'name' | 'hint'> | null,
  details: NewAuditEvent['details'] = null,
): NewAuditEvent {
  holdForTest(action);
  const admin = c.get('admin');
  return {
    at,
    actor: { id: admin.id, name: admin.name, email: admin.email, method: c.get('authMethod') },
    action,
    key: key && { id: key.id, name: key.name, hint: key.hint },
    details,
    ...requestMeta(c),
  };
}

const FAILED_AUTH_INTERVAL_MS = 60_000;
const FAILED_AUTH_TRACKED_MAX = 10_000;

/**
 * Failed admin authentications, at most one event per address per minute: a
 * guessing run shows up without flooding the log or the disk. Never any
 * token material, not even its hash.
 */
export class FailedAuthLog {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  record(c: Ctx): void {
    const now = this.clock();
    const address = clientAddress(c);
    const previous = this.last.get(address);
    if (previous !== undefined && now - previous < FAILED_AUTH_INTERVAL_MS) return;
    if (this.last.size >= FAILED_AUTH_TRACKED_MAX) {
      for (const [a, at] of this.last) if (now - at >= FAILED_AUTH_INTERVAL_MS) this.last.delete(a);
      // Still full of fresh addresses: forget the oldest rather than grow without bound.
      if (this.last.size >= FAILED_AUTH_TRACKED_MAX) this.last.delete(this.last.keys().next().value ?? '');
    }
    this.last.set(address, now);
    this.store.recordAudit({ at: now, actor: null, action: 'auth.failed', key: null, details: null, ...requestMeta(c) });
  }
}
