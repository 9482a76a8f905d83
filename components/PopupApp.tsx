// The toolbar popup: paints the cached list at once, then asks the worker to
// sync. All outside effects go through the injected `api`.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/api/schemas';
import type { ErrorInfo, Notice } from '../lib/messages/protocol';
import type { PopupApi } from './api';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { GenerateForm } from './GenerateForm';
import { KeyList } from './KeyList';
import { NoticeBanner } from './NoticeBanner';
import { SecretReveal } from './SecretReveal';
import { SyncStatus } from './SyncStatus';

/** Show "Syncing…" only if a sync takes longer than this, so fast syncs don't flicker. */
export const SYNCING_DELAY_MS = 150;
const TICK_MS = 30_000;

export interface PopupAppProps {
  api: PopupApi;
  /** Called once, after the first list (cached or synced) has been rendered. */
  onFirstPaint?: () => void;
}

export function PopupApp({ api, onFirstPaint }: PopupAppProps) {
  const clock = api.now ?? (() => new Date());
  const [keys, setKeys] = useState<KeyMeta[]>([]);
  const [syncedAt, setSyncedAt] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [showSyncing, setShowSyncing] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [notConnected, setNotConnected] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [now, setNow] = useState(clock);
  const [generating, setGenerating] = useState(false);
  const [created, setCreated] = useState<{ key: KeyMeta; secret: string } | null>(null);
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
    const reply = await api.send({ type: 'keys.sync' });
    clearTimeout(timer);
    if (seq !== syncSeq.current) return;
    setSyncing(false);
    setShowSyncing(false);
    setNow(clock());
    if ('ok' in reply) {
      synced.current = true;
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
    const reply = await api.send({ type: 'notices.take' });
    if ('ok' in reply && reply.ok.length) {
      setNotices((old) => [...old, ...reply.ok.filter((n) => !old.some((o) => o.id === n.id))]);
    }
  }, [api]);

  useEffect(() => {
    // Paint the last known list first (uBlock Origin style), then refresh it.
    void api
      .readCache()
      .catch(() => null)
      .then((cached) => {
        // A successful sync that beat the cache read wins; after a failed one the cache is still worth showing.
        if (synced.current) return;
        if (cached) {
          setKeys(cached.keys);
          setSyncedAt(cached.syncedAt);
        }
        setLoaded(true);
      });
    void sync().then(takeNotices);
    const tick = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(tick);
  }, [api]);

  useEffect(() => {
    if (loaded && !painted.current) {
      painted.current = true;
      onFirstPaint?.();
    }
  }, [loaded]);

  const rename = async (key: KeyMeta, name: string): Promise<string | null> => {
    const reply = await api.send({ type: 'keys.rename', id: key.id, name });
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
    const reply = await api.send({ type: 'keys.delete', id: key.id });
    // not_found: someone deleted it elsewhere, which is what was asked for.
    if ('error' in reply && reply.error.code !== 'not_found') return reply.error.message;
    setKeys((old) => old.filter((k) => k.id !== key.id));
    closeDelete(true);
    return null;
  };

  const modal = deleting !== null;
  return (
    <>
      <main class="app popup" aria-hidden={modal ? 'true' : undefined} {...(modal ? { inert: true } : {})}>
        <header class="bar">
          <h1>API keys</h1>
          {!notConnected && !generating && (
            <button
              ref={generateButton}
              type="button"
              class="btn btn-primary"
              onClick={() => {
                setCreated(null);
                setGenerating(true);
              }}
            >
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
                now={clock}
                createKey={async (input) => {
                  const result = await api.createKey(input);
                  // The worker stopped mid-create: the key may or may not exist. Show the truth.
                  if ('error' in result && result.error.code === 'interrupted') void sync().then(takeNotices);
                  return result;
                }}
                onCreated={(result) => {
                  setGenerating(false);
                  setCreated(result);
                  setKeys((old) => [result.key, ...old.filter((k) => k.id !== result.key.id)]);
                }}
                onCancel={() => {
                  setGenerating(false);
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
            {loaded || keys.length ? (
              <KeyList
                keys={keys}
                now={now}
                editingId={editingId}
                onEdit={setEditingId}
                onCancelEdit={() => setEditingId(null)}
                onRename={rename}
                onDelete={(key, trigger) => setDeleting({ key, trigger })}
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
