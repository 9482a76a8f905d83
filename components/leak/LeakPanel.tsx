// Leak response: "Check a key" (paste) and "Scan this page", then one card per
// key found, naming whose it is and when it was last used, with "Revoke now"
// (the usual confirmation naming the key, then the proof that it no longer
// works) and "Replace" (no grace period: a leaked key should stop at once).
// Loaded lazily: nothing here is in the popup's first load.
//
// The paste field never keeps what was pasted. autocomplete="off" is what
// keeps it out of the profile: Chrome saves the contents of other fields for
// session restore within seconds of typing (tests/e2e/leak.spec.ts finds them
// in Default/Sessions without it, even with the clearing below). It is also
// emptied as soon as it is sent to the worker and when the page is hidden.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { exactDate, formatCreated, formatExpiry, formatLastUsed } from '../../lib/shared/format/relative';
import { LEAK_TEXT_MAX, leakLookup, type LeakFinding, type LeakResult } from '../../lib/shared/messages/leak-lookup';
import { leakRevoke, type LeakProof } from '../../lib/shared/messages/leak-revoke';
import { leakForget } from '../../lib/shared/messages/leak-forget';
import type { BodyOf } from '../../lib/shared/messages/define';
import type { PopupApi } from '../api';
import { ConfirmDeleteDialog } from '../ConfirmDeleteDialog';
import { useFocusOnMount } from '../focus';
import './leak.css';

export interface LeakStart {
  /** A context-menu selection the worker holds for this panel. */
  selection?: string;
  /** The tab "Scan this page" reads (the one the menu was used on); absent = the active tab. */
  tabId?: number;
}

export interface LeakPanelProps {
  api: Pick<PopupApi, 'send' | 'openLeakPort'>;
  now: () => Date;
  start?: LeakStart;
  onClose: () => void;
  /** Opens the replace form for this key, with no grace period. */
  onReplace: (key: KeyMeta) => void;
  /** The key was revoked: drop it from the list. */
  onRevoked: (id: string) => void;
  /** Set in a production connection: Revoke asks for the key's name typed, like Delete there. */
  productionConnection?: string;
}

type Busy = null | 'checking' | 'scanning';

export function LeakPanel({ api, now, start, onClose, onReplace, onRevoked, productionConnection }: LeakPanelProps) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<LeakResult | null>(null);
  const [what, setWhat] = useState('');
  const [confirming, setConfirming] = useState<LeakFinding | null>(null);
  const [proofs, setProofs] = useState<Record<string, LeakProof>>({});
  const field = useRef<HTMLTextAreaElement>(null);
  const sessionRef = useRef('');
  useFocusOnMount(field);

  // While this panel is open the worker may hold the leaked texts; the Port closing (panel closed, popup gone) drops them.
  useEffect(() => {
    const close = api.openLeakPort?.();
    const clear = () => {
      if (field.current) field.current.value = '';
    };
    addEventListener('pagehide', clear);
    return () => {
      removeEventListener('pagehide', clear);
      clear();
      if (sessionRef.current) void api.send(leakForget, { session: sessionRef.current });
      close?.();
    };
  }, []);

  async function run(kind: Busy, label: string, body: BodyOf<typeof leakLookup>) {
    setBusy(kind);
    setError(null);
    setResult(null);
    setProofs({});
    if (sessionRef.current) void api.send(leakForget, { session: sessionRef.current });
    sessionRef.current = '';
    const reply = await api.send(leakLookup, body);
    setBusy(null);
    if ('error' in reply) {
      setError(reply.error.message);
      return;
    }
    sessionRef.current = reply.ok.session;
    setWhat(label);
    setResult(reply.ok);
  }

  useEffect(() => {
    if (start?.selection) void run('checking', 'the selected text', { source: 'selection', selection: start.selection });
  }, []);

  const check = (e: Event) => {
    e.preventDefault();
    const text = field.current?.value ?? '';
    if (text.trim() === '') {
      setError('Paste a key, or any text that contains keys, first.');
      return;
    }
    if (text.length > LEAK_TEXT_MAX) {
      setError(`That is more than ${LEAK_TEXT_MAX.toLocaleString('en')} characters. Paste only the part with the key.`);
      return;
    }
    // Out of the field at once: the worker has it now, and nothing should keep it here.
    if (field.current) field.current.value = '';
    void run('checking', 'the pasted text', { source: 'text', text });
  };

  const scan = () => void run('scanning', 'this page', start?.tabId === undefined ? { source: 'page' } : { source: 'page', tabId: start.tabId });

  const revoke = async (): Promise<string | null> => {
    if (!confirming?.key) return null;
    const reply = await api.send(leakRevoke, { session: sessionRef.current, ref: confirming.ref, keyId: confirming.key.id });
    if ('error' in reply) return reply.error.message;
    setProofs((p) => ({ ...p, [confirming.ref]: reply.ok }));
    onRevoked(confirming.key.id);
    setConfirming(null);
    return null;
  };

  const modal = confirming !== null;
  return (
    <>
      {/* The page's main while open: PopupApp hides its own <main> meanwhile. */}
      <main class="app popup leak" aria-labelledby="leak-title" aria-hidden={modal ? 'true' : undefined} {...(modal ? { inert: true } : {})}>
        <header class="bar">
          <h1 id="leak-title">Leaked key?</h1>
          <button type="button" class="btn" onClick={onClose}>
            Close
          </button>
        </header>
        <form class="field" onSubmit={check}>
          <label for="leak-text">Check a key</label>
          <textarea
            ref={field}
            id="leak-text"
            class="input"
            rows={3}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="leak-text-help"
            placeholder="Paste a key, or any text that contains keys"
          />
          <p id="leak-text-help" class="help">
            Checked in the extension; only a hash is sent to your key API. The field is emptied as soon as you press Check.
          </p>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy !== null}>
              Check
            </button>
            <button type="button" class="btn" onClick={scan} disabled={busy !== null}>
              Scan this page
            </button>
          </div>
        </form>
        <p role="status" class="muted">
          {busy === 'checking' ? 'Checking…' : busy === 'scanning' ? 'Scanning the page…' : ''}
        </p>
        {error && (
          <p role="alert" class="form-error">
            {error}
          </p>
        )}
        {result && <Results result={result} what={what} now={now()} proofs={proofs} onRevoke={setConfirming} onReplace={onReplace} />}
      </main>
      {confirming?.key && (
        <ConfirmDeleteDialog
          keyName={confirming.key.name}
          onConfirm={revoke}
          onCancel={() => setConfirming(null)}
          {...(productionConnection === undefined ? {} : { productionConnection })}
        />
      )}
    </>
  );
}

function Time({ iso, children }: { iso: string; children: string }) {
  return (
    <time dateTime={iso} title={exactDate(iso)}>
      {children}
    </time>
  );
}

const OUTCOME_TEXT: Record<Exclude<LeakFinding['outcome'], 'found'>, string> = {
  not_found: 'Not a key of this organization, or a key that was already deleted.',
  bad_checksum: 'Looks like a Workbase key, but the checksum is wrong — probably mistyped or truncated.',
  wrong_length: 'Looks like a Workbase key, but it is too short or too long — probably truncated or run into other text.',
};

interface ResultsProps {
  result: LeakResult;
  what: string;
  now: Date;
  proofs: Record<string, LeakProof>;
  onRevoke: (finding: LeakFinding) => void;
  onReplace: (key: KeyMeta) => void;
}

/** Other outcomes listed one by one up to here; a huge page's rest is counted, not rendered. */
const OTHERS_SHOWN = 20;

function Results({ result, what, now, proofs, onRevoke, onReplace }: ResultsProps) {
  const found = result.findings.filter((f) => f.outcome === 'found').length;
  const others = result.findings.filter((f) => f.outcome !== 'found');
  // Every key of ours is always shown; of the rest, the first few.
  const shown = result.findings.filter((f) => f.outcome === 'found' || others.indexOf(f) < OTHERS_SHOWN);
  const hidden = result.findings.length - shown.length;
  return (
    <section aria-label="Lookup results" class="leak-results">
      <p class="leak-summary">{summary(result, what, found)}</p>
      {hidden > 0 && (
        <p class="muted">
          Showing every key of this organization and the first {OTHERS_SHOWN} other “wbk_” texts; {hidden.toLocaleString('en')} more are not keys of
          this organization or have a wrong checksum.
        </p>
      )}
      <ul class="leak-list">
        {shown.map((f) => (
          <li key={f.ref} class={`leak-item leak-${f.outcome}`}>
            {f.outcome === 'found' && f.key ? (
              <FoundKey finding={f} keyMeta={f.key} now={now} proof={proofs[f.ref]} onRevoke={onRevoke} onReplace={onReplace} />
            ) : (
              <>
                <code class="leak-hint">{f.hint}</code> <span>{OUTCOME_TEXT[f.outcome as Exclude<LeakFinding['outcome'], 'found'>]}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function summary(result: LeakResult, what: string, found: number): string {
  if (result.findings.length === 0) {
    const decoys = result.ignored > 0 ? ` (${result.ignored} “wbk_” text${result.ignored === 1 ? ' is' : 's are'} too short to be a key)` : '';
    return `No Workbase key in ${what}${decoys}.`;
  }
  const capped =
    result.checked < result.seen
      ? ` Checked the first ${result.checked.toLocaleString('en')} of ${result.seen.toLocaleString('en')} “wbk_” texts; the rest were not checked.`
      : '';
  const keys = found === 0 ? 'None is a live key of this organization.' : `${found} live key${found === 1 ? '' : 's'} of this organization.`;
  return `${keys}${capped}`;
}

interface FoundKeyProps {
  finding: LeakFinding;
  keyMeta: KeyMeta;
  now: Date;
  proof: LeakProof | undefined;
  onRevoke: (finding: LeakFinding) => void;
  onReplace: (key: KeyMeta) => void;
}

function FoundKey({ finding, keyMeta: key, now, proof, onRevoke, onReplace }: FoundKeyProps) {
  const titleId = `leak-${finding.ref}`;
  return (
    <article aria-labelledby={titleId}>
      <h2 id={titleId} class="leak-name">
        {key.name} <code class="leak-hint">{finding.hint}</code>
      </h2>
      <p class="leak-facts">
        <span class={key.status === 'active' ? 'leak-live' : 'muted'}>{key.status === 'active' ? 'Active' : 'Expired'}</span>
        {' · '}
        {key.lastUsedAt === null ? <span>{formatLastUsed(key, now)}</span> : <Time iso={key.lastUsedAt}>{formatLastUsed(key, now)}</Time>}
        {' · '}
        <Time iso={key.createdAt}>{formatCreated(key, now)}</Time>
        {key.createdBy ? ` by ${key.createdBy.name}` : ''}
        {' · '}
        {key.expiresAt === null ? <span>{formatExpiry(key, now)}</span> : <Time iso={key.expiresAt}>{formatExpiry(key, now)}</Time>}
      </p>
      {proof ? (
        <p role="status" class={proof.status === 'refused' ? 'leak-proof' : 'form-error'}>
          Revoked. {proof.detail}
        </p>
      ) : (
        <div class="actions">
          <button type="button" class="btn btn-danger" onClick={() => onRevoke(finding)} aria-label={`Revoke now: ${key.name}`}>
            Revoke now
          </button>
          <button type="button" class="btn" onClick={() => onReplace(key)} aria-label={`Replace: ${key.name}`}>
            Replace
          </button>
        </div>
      )}
    </article>
  );
}
