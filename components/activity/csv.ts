// The audit log as CSV (RFC 4180: CRLF lines, quoted where needed), safe to
// open in a spreadsheet: a cell that starts with = + - @, a tab or a carriage
// return is prefixed with ' so it is never run as a formula (CSV injection,
// OWASP). Pure, so the rules are unit-tested without a browser.
import type { AuditEvent } from '../../lib/shared/messages/audit-list';

const HEADER = [
  'time',
  'actor_name',
  'actor_email',
  'actor_method',
  'action',
  'key_id',
  'key_name',
  'key_hint',
  'details',
  'client_address',
  'user_agent',
  'request_id',
  'event_id',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
/** Anything that starts like a key secret. The audit log never holds one; a key *named* like one is redacted all the same. */
const SECRET_LIKE = /wbk_\S*/g;
export const REDACTED = '[redacted: looked like an API key]';

/** One cell: neutralized against formulas, then quoted if it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(event: AuditEvent): string[] {
  return [
    event.at,
    event.actor?.name ?? '',
    event.actor?.email ?? '',
    event.actor?.method ?? '',
    event.action,
    event.key?.id ?? '',
    event.key?.name ?? '',
    // The hint's "wbk_" prefix says nothing; without it, the file has no secret-shaped text at all.
    event.key ? event.key.hint.replace(/^wbk_/, '') : '',
    event.details === null ? '' : JSON.stringify(event.details),
    event.clientAddress ?? '',
    event.userAgent ?? '',
    event.requestId ?? '',
    String(event.id),
  ];
}

export interface AuditCsv {
  text: string;
  /** Cells that held secret-shaped text and were redacted. */
  redacted: number;
}

/** The events (newest first, as the API pages them) as one CSV document with a header row and a BOM, so spreadsheets read UTF-8 names right. */
export function buildAuditCsv(events: readonly AuditEvent[]): AuditCsv {
  let redacted = 0;
  const lines = [HEADER.join(',')];
  for (const event of events) {
    const cells = row(event).map((value) => {
      const clean = value.replace(SECRET_LIKE, () => REDACTED);
      if (clean !== value) redacted++;
      return csvCell(clean);
    });
    lines.push(cells.join(','));
  }
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, redacted };
}

/** The instants a period of local calendar days spans: [from 00:00, the day after `to` 00:00). Null when the dates are not a period. */
export function periodBounds(from: string, to: string): { after: string; before: string } | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/;
  const f = day.exec(from);
  const t = day.exec(to);
  if (!f || !t) return null;
  const date = (m: RegExpExecArray, plusDays: number): Date | null => {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const at = new Date(y, mo - 1, d);
    // Refuses 2030-02-30 (which Date would roll over to March) and years the API's instants don't cover.
    if (y < 1970 || at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return null;
    at.setDate(at.getDate() + plusDays);
    return at;
  };
  const start = date(f, 0);
  const end = date(t, 1);
  if (!start || !end || start >= end) return null;
  return { after: start.toISOString(), before: end.toISOString() };
}
