// Options page → "Audit log": downloads the events of a period as CSV. Pages
// through GET /v1/audit by way of the worker (one audit.list message per 500
// events, so a stopped worker only costs one page), showing progress; the file
// is built only once every page is in, so a failure never leaves half a log.
import { useRef, useState } from 'preact/hooks';
import { LIST_LIMIT_MAX } from '../../lib/shared/contract/schemas';
import type { Send } from '../../lib/page/worker-client';
import { auditList, type AuditEvent } from '../../lib/shared/messages/audit-list';
import { buildAuditCsv, periodBounds } from './csv';
import './activity.css';

/** Far more than any organization's log for a period; stops a server that pages forever. */
const MAX_PAGES = 2_000;

type Status =
  | { kind: 'idle' }
  | { kind: 'running'; fetched: number }
  | { kind: 'done'; count: number; file: string; redacted: number }
  | { kind: 'empty' }
  | { kind: 'failed'; message: string };

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface AuditExportProps {
  send: Send;
  now?: () => Date;
  /** Hands the finished file to the browser; injected so tests can read it. */
  save?: (file: Blob, name: string) => void;
}

function saveWithLink(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the URL; keep it a moment for slow browsers, then free the memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function AuditExport({ send, now = () => new Date(), save = saveWithLink }: AuditExportProps) {
  const [to, setTo] = useState(() => localDate(now()));
  const [from, setFrom] = useState(() => {
    const d = now();
    d.setDate(d.getDate() - 30);
    return localDate(d);
  });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const running = useRef(false);
  const bounds = periodBounds(from, to);
  const periodError = bounds ? null : 'Choose a From date on or before the To date.';

  async function download() {
    if (!bounds || running.current) return;
    running.current = true;
    try {
      setStatus({ kind: 'running', fetched: 0 });
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new Error(`The key API sent more than ${MAX_PAGES} pages; stopped.`);
        const reply = await send(auditList, { ...bounds, limit: LIST_LIMIT_MAX, ...(cursor === undefined ? {} : { cursor }) });
        if ('error' in reply) throw new Error(reply.error.message);
        events.push(...reply.ok.events);
        setStatus({ kind: 'running', fetched: events.length });
        if (reply.ok.nextCursor === null) break;
        if (reply.ok.nextCursor === cursor) throw new Error('The key API sent the same page twice; stopped.');
        cursor = reply.ok.nextCursor;
      }
      if (events.length === 0) {
        setStatus({ kind: 'empty' });
        return;
      }
      const csv = buildAuditCsv(events);
      const file = `audit-log-${from}-to-${to}.csv`;
      save(new Blob([csv.text], { type: 'text/csv;charset=utf-8' }), file);
      setStatus({ kind: 'done', count: events.length, file, redacted: csv.redacted });
    } catch (error) {
      setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      running.current = false;
    }
  }

  const busy = status.kind === 'running';
  return (
    <section class="audit-export" aria-labelledby="audit-export-title">
      <h2 id="audit-export-title">Audit log</h2>
      <p class="muted">Every key change with who made it, for the period you choose, as a CSV file (opens in any spreadsheet).</p>
      <div class="period">
        <DateField id="audit-from" label="From" value={from} invalid={Boolean(periodError)} onInput={setFrom} />
        <DateField id="audit-to" label="To (inclusive)" value={to} invalid={Boolean(periodError)} onInput={setTo} />
      </div>
      {periodError && (
        <p id="audit-period-error" class="field-error">
          {periodError}
        </p>
      )}
      <button
        type="button"
        class="btn"
        aria-disabled={busy || periodError ? 'true' : undefined}
        aria-describedby={periodError ? 'audit-period-error' : undefined}
        onClick={() => void download()}
      >
        Download audit log (CSV)
      </button>
      <div class="status-line" aria-live="polite">
        {status.kind === 'running' && (
          <p role="status" class="progress">
            Fetching events… {status.fetched.toLocaleString('en')} so far.
          </p>
        )}
        {status.kind === 'done' && (
          <p role="status" class="success">
            Downloaded {status.count.toLocaleString('en')} {status.count === 1 ? 'event' : 'events'} as {status.file}.
            {status.redacted > 0 && ` ${status.redacted} values that looked like API keys were redacted.`}
          </p>
        )}
        {status.kind === 'empty' && (
          <p role="status" class="muted">
            No events in this period: nothing to download.
          </p>
        )}
      </div>
      {status.kind === 'failed' && (
        <p role="alert" class="form-error">
          Couldn't download the audit log: {status.message} Nothing was saved; try again.
        </p>
      )}
    </section>
  );
}

/** One end of the period; both point at the shared period error when there is one. */
function DateField(props: { id: string; label: string; value: string; invalid: boolean; onInput: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        class="input"
        type="date"
        value={props.value}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-describedby={props.invalid ? 'audit-period-error' : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
