// The toolbar popup: paints the cached list at once, then asks the worker to
// sync. All outside effects go through the injected `api`.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import type { ErrorInfo } from '../lib/shared/errors';
import type { Notice } from '../lib/shared/messages/notices-take';
import type { ExpirySummary, KeyFilter } from '../lib/shared/expiry/rules';
import type { FirstScreen } from '../lib/shared/cache/first-screen';
import { DEFAULT_PREFERENCES } from '../lib/shared/settings/preferences';
import type { PopupApi } from './api';
import type { AlreadyIssuedKey } from './GenerateForm';
import { KeyList } from './KeyList';
import { LazyRenameField } from './KeyRow';
import { lazy } from './lazy';
import { NoticeBanner } from './NoticeBanner';
// Static on purpose: a secret arrives once and is shown at once; its display must not wait on (or fail with) a chunk load.
import { SecretReveal } from './SecretReveal';
import { SyncStatus } from './SyncStatus';
import { keysDelete } from '../lib/shared/messages/keys-delete';
import { keysRename } from '../lib/shared/messages/keys-rename';
import { keysSync } from '../lib/shared/messages/keys-sync';
import { noticesTake } from '../lib/shared/messages/notices-take';
import { preferencesGet } from '../lib/shared/messages/preferences-get';

// Not needed for the first paint: own chunks, loaded once the list is in (or on first use).
const GenerateForm = lazy(() => import('./GenerateForm').then((m) => m.GenerateForm));
const AlreadyIssued = lazy(() => import('./AlreadyIssued').then((m) => m.AlreadyIssued));
const ConfirmDeleteDialog = lazy(() => import('./ConfirmDeleteDialog').then((m) => m.ConfirmDeleteDialog));
const LATER_PARTS = [GenerateForm, AlreadyIssued, ConfirmDeleteDialog, LazyRenameField];

/** Show "Syncing…" only if a sync takes longer than this, so fast syncs don't flicker. */
export const SYNCING_DELAY_MS = 150;
const TICK_MS = 30_000;

/** Resolves after the next frame has been painted, so work queued after it can't delay that frame. */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

export interface PopupAppProps {
  /** readFirstScreen (optional): a few rows plus the count summary, painted before the whole cached list is read. */
  api: PopupApi & { readFirstScreen?: () => Promise<FirstScreen | null> };
  /** Called once, when the first list (cached or synced) has been committed to the DOM (in a layout effect). */
  onFirstPaint?: () => void;
  /** The filter to open with (a reminder notification opens the popup on "Expiring soon"). */
  initialFilter?: KeyFilter;
  /** Keys to mark in the list, e.g. the ones a notification was about. */
  highlightIds?: readonly string[];
}

/** Upserts keys into the list, new ones first. */
function upsertKeys(old: KeyMeta[], ...fresh: KeyMeta[]): KeyMeta[] {
  const byId = new Map(fresh.map((k) => [k.id, k]));
  const added = fresh.filter((f) => !old.some((k) => k.id === f.id));
  return [...added, ...old.map((k) => byId.get(k.id) ?? k)];
}

export function PopupApp({ api, onFirstPaint, initialFilter = 'all', highlightIds }: PopupAppProps) {
  const clock = api.now ?? (() => new Date());
  const [keys, setKeys] = useState<KeyMeta[]>([]);
  const [syncedAt, setSyncedAt] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  /** Set while only the first screen is in: `keys` holds just its candidates, counts come from this summary. */
  const [partial, setPartial] = useState<ExpirySummary | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [showSyncing, setShowSyncing] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [notConnected, setNotConnected] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [now, setNow] = useState(clock);
  /** The Generate form is open; `replacing` when it generates a replacement for that key. */
  const [generating, setGenerating] = useState<{ replacing?: KeyMeta } | null>(null);
  const [created, setCreated] = useState<{ key: KeyMeta; secret: string } | null>(null);
  const [alreadyIssued, setAlreadyIssued] = useState<AlreadyIssuedKey | null>(null);
  const [filter, setFilter] = useState<KeyFilter>(initialFilter);
  const [warningDays, setWarningDays] = useState(DEFAULT_PREFERENCES.warningDays);
  const [highlighted] = useState(() => new Set(highlightIds));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ key: KeyMeta; trigger: HTMLElement | null } | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const generateButton = useRef<HTMLButtonElement>(null);
  const syncSeq = useRef(0);
  /** True once a sync succeeded: the cache is older than what we show. */
  const synced = useRef(false);
  const painted = useRef(false);

  const sync = useCallback(async () => {
    const seq = ++syncSeq.current;
    setSyncing(true);
    const timer = setTimeout(() => {
      if (seq === syncSeq.current) setShowSyncing(true);
    }, SYNCING_DELAY_MS);
    const reply = await api.send(keysSync);
    clearTimeout(timer);
    if (seq !== syncSeq.current) return;
    setSyncing(false);
    setShowSyncing(false);
    setNow(clock());
    if ('ok' in reply) {
      synced.current = true;
      setPartial(null);
      setKeys(reply.ok.keys);
      setSyncedAt(reply.ok.syncedAt);
      setError(null);
      setNotConnected(false);
    } else if (reply.error.code === 'not_connected') {
      setNotConnected(true);
      setError(null);
    } else {
      setError(reply.error);
    }
    setLoaded(true);
  }, [api]);

  const takeNotices = useCallback(async () => {
    const reply = await api.send(noticesTake);
    if ('ok' in reply && reply.ok.length) {
      setNotices((old) => [...old, ...reply.ok.filter((n) => !old.some((o) => o.id === n.id))]);
    }
  }, [api]);

  // A layout effect, not an effect: Preact runs effects only after the next frame, and the
  // first screen should not wait one frame for its read to even start.
  useLayoutEffect(() => {
    // Paint the last known list first (uBlock Origin style), then refresh it. The first
    // screen (a few rows) paints before the whole list is read and validated, whatever N is.
    void (async () => {
      const first = initialFilter === 'all' && api.readFirstScreen ? await api.readFirstScreen().catch(() => null) : null;
      if (first && !synced.current) {
        setKeys(first.keys);
        setSyncedAt(first.syncedAt);
        setPartial(first);
        await afterNextPaint();
      }
      // Ask for the refresh only now: the worker's cache write would otherwise hold up our read, and its CPU our first frame.
      void sync().then(takeNotices);
      const cached = await api.readCache().catch(() => null);
      // A successful sync that beat the cache read wins; after a failed one the cache is still worth showing.
      if (synced.current) return;
      if (cached) {
        setKeys(cached.keys);
        setSyncedAt(cached.syncedAt);
        setPartial(null);
      } else if (first) {
        return; // The full list is unreadable: keep the first screen (searching waits) until the sync brings the list.
      }
      setLoaded(true);
    })();
  }, [api]);

  useEffect(() => {
    // Until the admin saves preferences (or if the worker can't read them) the default window applies; not an error worth showing here.
    void api.send(preferencesGet).then((reply) => {
      if ('ok' in reply) setWarningDays(reply.ok.warningDays);
    });
    const tick = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(tick);
  }, [api]);

  useEffect(() => {
    // After the first paint, so these chunks never compete with it; by the first click they are in.
    if (loaded) for (const part of LATER_PARTS) void part.preload();
  }, [loaded]);

  const listShown = loaded || keys.length > 0;
  // At the commit of the first rows, not an effect later (that lagged the real frame by 8–30 ms).
  useLayoutEffect(() => {
    if (listShown && !painted.current) {
      painted.current = true;
      onFirstPaint?.();
    }
  }, [listShown]);

  const rename = async (key: KeyMeta, name: string): Promise<string | null> => {
    const reply = await api.send(keysRename, { id: key.id, name });
    if ('error' in reply) return reply.error.message;
    setKeys((old) => old.map((k) => (k.id === key.id ? reply.ok.key : k)));
    setEditingId(null);
    return null;
  };

  const closeDelete = (deleted: boolean) => {
    const trigger = deleting?.trigger;
    setDeleting(null);
    // Back to the row's Delete button if it is still there, else to the list.
    setTimeout(() => {
      if (!deleted && trigger?.isConnected) trigger.focus();
      else (listRef.current ?? generateButton.current)?.focus();
    }, 0);
  };

  const confirmDelete = async (): Promise<string | null> => {
    if (!deleting) return null;
    const { key } = deleting;
    const reply = await api.send(keysDelete, { id: key.id });
    // not_found: someone deleted it elsewhere, which is what was asked for.
    if ('error' in reply && reply.error.code !== 'not_found') return reply.error.message;
    setKeys((old) => old.filter((k) => k.id !== key.id));
    closeDelete(true);
    return null;
  };

  const openGenerate = (replacing?: KeyMeta) => {
    setCreated(null);
    setAlreadyIssued(null);
    setGenerating(replacing ? { replacing } : {});
  };

  const showCreated = (result: { key: KeyMeta; secret: string; replaced?: KeyMeta }) => {
    setGenerating(null);
    setCreated({ key: result.key, secret: result.secret });
    setKeys((old) => upsertKeys(old, result.key, ...(result.replaced ? [result.replaced] : [])));
  };

  const createKey = async (input: Parameters<PopupApi['createKey']>[0]) => {
    const result = await api.createKey(input);
    // The worker stopped mid-create: the key may or may not exist. Show the truth.
    if ('error' in result && result.error.code === 'interrupted') void sync().then(takeNotices);
    return result;
  };

  /** "Delete it and generate a new one": same form values, a new idempotency key (a new submission). */
  const deleteAndRetry = async (): Promise<string | null> => {
    if (!alreadyIssued) return null;
    const { key, input } = alreadyIssued;
    const reply = await api.send(keysDelete, { id: key.id });
    if ('error' in reply && reply.error.code !== 'not_found') return reply.error.message;
    setKeys((old) => old.filter((k) => k.id !== key.id));
    const { newIdempotencyKey } = await import('./GenerateForm');
    const retry = { ...input, idempotencyKey: newIdempotencyKey() };
    const result = await createKey(retry);
    if ('error' in result) return `The old key was deleted, but generating a new one failed: ${result.error.message}`;
    const { key: fresh, secret, replaced } = result.ok;
    if (secret === null) {
      setKeys((old) => upsertKeys(old, fresh, ...(replaced ? [replaced] : [])));
      setAlreadyIssued({ key: fresh, input: retry, ...(replaced ? { replaced } : {}) });
      return null;
    }
    setAlreadyIssued(null);
    showCreated({ key: fresh, secret, ...(replaced ? { replaced } : {}) });
    return null;
  };

  const modal = deleting !== null;
  return (
    <>
      <main class="app popup" aria-hidden={modal ? 'true' : undefined} {...(modal ? { inert: true } : {})}>
        <header class="bar">
          <h1>API keys</h1>
          {!notConnected && !generating && (
            <button ref={generateButton} type="button" class="btn btn-primary" onClick={() => openGenerate()}>
              Generate API Key
            </button>
          )}
        </header>
        {notices.map((n) => (
          <NoticeBanner key={n.id} notice={n} onDismiss={(id) => setNotices((old) => old.filter((o) => o.id !== id))} />
        ))}
        {notConnected ? (
          <div class="not-connected">
            <p>Not connected. Connect to your organization's key API in the options to manage keys.</p>
            <button type="button" class="btn btn-primary" onClick={() => api.openOptions()}>
              Open options
            </button>
          </div>
        ) : (
          <>
            {generating && (
              <GenerateForm
                key={generating.replacing?.id ?? 'new'}
                now={clock}
                replacing={generating.replacing}
                createKey={createKey}
                onCreated={showCreated}
                onAlreadyIssued={(result) => {
                  setGenerating(null);
                  setAlreadyIssued(result);
                  setKeys((old) => upsertKeys(old, result.key, ...(result.replaced ? [result.replaced] : [])));
                }}
                onCancel={() => {
                  setGenerating(null);
                  setTimeout(() => generateButton.current?.focus(), 0);
                }}
              />
            )}
            {alreadyIssued && (
              <AlreadyIssued
                keyMeta={alreadyIssued.key}
                onDeleteAndRetry={deleteAndRetry}
                onKeep={() => {
                  setAlreadyIssued(null);
                  setTimeout(() => generateButton.current?.focus(), 0);
                }}
              />
            )}
            {created && (
              <SecretReveal
                keyName={created.key.name}
                secret={created.secret}
                copy={api.copy}
                onDone={() => {
                  setCreated(null);
                  setTimeout(() => generateButton.current?.focus(), 0);
                }}
              />
            )}
            <SyncStatus
              showSyncing={showSyncing}
              syncedAt={syncedAt}
              now={now}
              error={error}
              onRetry={() => void sync()}
              onOpenOptions={() => api.openOptions()}
            />
            {listShown ? (
              <KeyList
                keys={keys}
                partial={partial}
                now={now}
                editingId={editingId}
                onEdit={setEditingId}
                onCancelEdit={() => setEditingId(null)}
                onRename={rename}
                onDelete={(key, trigger) => setDeleting({ key, trigger })}
                warningDays={warningDays}
                filter={filter}
                onFilterChange={setFilter}
                highlightIds={highlighted}
                onReplace={(key) => openGenerate(key)}
                listRef={listRef}
              />
            ) : (
              <p class="muted empty">{syncing ? '' : 'Loading keys…'}</p>
            )}
          </>
        )}
        <footer class="foot">
          <button type="button" class="btn btn-link" onClick={() => api.openOptions()}>
            Settings
          </button>
        </footer>
      </main>
      {deleting && (
        <ConfirmDeleteDialog keyName={deleting.key.name} onConfirm={confirmDelete} onCancel={() => closeDelete(false)} />
      )}
    </>
  );
}
