// The toolbar popup: paints the cached list at once, then asks the worker to
// sync. A composition of small flows (components/popup/): the list, create,
// delete, rename and notices. All outside effects go through the injected `api`.
//
// Connections: the header names the connection shown; everything below it is
// one ConnectionKeys view, keyed by the connection's id and given an api
// pinned to that connection (lib/page/connection-scope.ts). Switching mounts a
// fresh view, so no state of A can render under B's header, not even for a
// frame. A create started in A finishes in A: if the admin switched away
// meanwhile, its secret is shown here, above B's view, named as A's.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import type { KeyFilter } from '../lib/shared/expiry/rules';
import { visibleText } from '../lib/shared/format/visible-text';
import type { PopupApi } from './api';
import type { Connection } from '../lib/shared/settings/connection-info';
import type { CreateResult } from '../lib/shared/messages/keys-create';
import type { CreateInput } from '../lib/page/worker-client';
import { scopedSend } from '../lib/page/connection-scope';
import { connectionsSelect } from '../lib/shared/messages/connections-select';
import { ConnectionBar, shortcutTarget } from './connections/ConnectionBar';
import type { OtherReveal } from './connections/OtherConnectionReveal';
import { useFocusAfterCommit } from './focus';
import { KeyList } from './KeyList';
import { LazyRenameField } from './KeyRow';
import { lazy } from './lazy';
// Static on purpose: a secret arrives once and is shown at once; its display must not wait on (or fail with) a chunk load.
import { SecretReveal } from './SecretReveal';
import { SyncStatus } from './SyncStatus';
import { useCreateFlow } from './popup/useCreateFlow';
import { useDeleteFlow } from './popup/useDeleteFlow';
import { canWrite, useIdentity, watchForbidden } from './popup/useIdentity';
import { useKeyList } from './popup/useKeyList';
import { useNotices } from './popup/useNotices';
import { useRenameFlow } from './popup/useRenameFlow';
import { useWarningDays } from './popup/useWarningDays';
import type { LeakStart } from './leak/LeakPanel';

// Not needed for the first paint: own chunks, loaded once the list is in (or on first use).
const GenerateForm = lazy(() => import('./GenerateForm').then((m) => m.GenerateForm));
const AlreadyIssued = lazy(() => import('./AlreadyIssued').then((m) => m.AlreadyIssued));
const ConfirmDeleteDialog = lazy(() => import('./ConfirmDeleteDialog').then((m) => m.ConfirmDeleteDialog));
// Shown only when the server sent keys this extension cannot read: rare, so never in the first load.
const UnreadableKeys = lazy(() => import('./UnreadableKeys').then((m) => m.UnreadableKeys));
// Shown only when a create is answered after a switch: rare, so its own chunk, preloaded with the others
// (a create needs GenerateForm, so by then this has loaded too).
const OtherConnectionReveal = lazy(() => import('./connections/OtherConnectionReveal').then((m) => m.OtherConnectionReveal));
// Opened on demand (the Activity button, a row's History): its own chunk, with the audit schemas.
const ActivityView = lazy(() => import('./activity/ActivityView').then((m) => m.ActivityView));

/** What a viewer is told, once, under the header: the server would refuse these. */
export const VIEWER_REASON = "Viewers can't generate keys, or rename, replace or delete them.";
const LATER_PARTS = [GenerateForm, AlreadyIssued, ConfirmDeleteDialog, LazyRenameField, OtherConnectionReveal];
// Notices arrive only after the first sync, and rarely: never in the first load.
const NoticeBanner = lazy(() => import('./NoticeBanner').then((m) => m.NoticeBanner));
// The switcher (a select and its options) paints a moment after the connection's name.
const ConnectionSwitch = lazy(() => import('./connections/ConnectionSwitch').then((m) => m.ConnectionSwitch));
// Leak response: rare, so never in the first load, and loaded at once when the popup opens for it.
const LeakPanel = lazy(() => import('./leak/LeakPanel').then((m) => m.LeakPanel));

export interface PopupAppProps {
  api: PopupApi;
  /** Called once, when the first list (cached or synced) has been committed to the DOM (in a layout effect). */
  onFirstPaint?: () => void;
  /** The filter to open with (a reminder notification opens the popup on "Expiring soon"). */
  initialFilter?: KeyFilter;
  /** Keys to mark in the list, e.g. the ones a notification was about. */
  highlightIds?: readonly string[];
  /** The connections and the one to show first; absent: the single-connection popup (no header strip). */
  connections?: { connections: readonly Connection[]; current: Connection | null };
  /** Called when a switched-to connection's list has been committed (bench: switching time). */
  onSwitchPainted?: (connectionId: string) => void;
  /** Open on the leak panel (popup.html#leak, e.g. from the "Look up Workbase key" menu). */
  leak?: LeakStart | null;
}

export function PopupApp(props: PopupAppProps) {
  const { api, connections } = props;
  const [current, setCurrent] = useState<Connection | null>(connections?.current ?? null);
  const [other, setOther] = useState<OtherReveal | null>(null);
  // While a view's dialog is open, the connection bar is inert too (the dialog is modal to the whole popup).
  const [modal, setModal] = useState(false);
  // The first view mounted is the popup's open (its filter, highlights and first-paint mark); later ones are switches.
  const mounts = useRef(0);
  const viewKey = useRef<string | null>(null);
  const list = connections?.connections ?? [];

  const switchTo = useCallback(
    (id: string) => {
      const next = list.find((c) => c.id === id);
      if (!next || next.id === current?.id) return;
      performance.mark?.('switch-start');
      setCurrent(next);
      // Remembered for the next open; the view does not wait for it (it names its connection in every message).
      void api.send(connectionsSelect, { id });
    },
    [api, list, current],
  );

  useEffect(() => {
    if (list.length < 2) return;
    const onKey = (e: KeyboardEvent) => {
      const target = shortcutTarget(e, list);
      if (!target || modal) return;
      e.preventDefault();
      switchTo(target);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list, switchTo, modal]);

  if (!connections) return <ConnectionKeys {...props} connection={null} />;
  if (!current) {
    return (
      <main class="app popup">
        <header class="bar">
          <h1>API keys</h1>
        </header>
        <div class="not-connected">
          <p>No connection yet. Add your organization's key API in the options to manage keys.</p>
          <button type="button" class="btn btn-primary" onClick={() => api.openOptions()}>
            Open options
          </button>
        </div>
      </main>
    );
  }
  if (viewKey.current !== current.id) {
    viewKey.current = current.id;
    mounts.current++;
  }
  const first = mounts.current === 1;
  return (
    <>
      <header class="connection-header" aria-hidden={modal ? 'true' : undefined} {...(modal ? { inert: true } : {})}>
        <ConnectionBar current={current}>
          {list.length > 1 && <ConnectionSwitch connections={list} current={current} onSwitch={switchTo} />}
        </ConnectionBar>
      </header>
      {other && <OtherConnectionReveal reveal={other} copy={api.copy} onDone={() => setOther(null)} />}
      <ConnectionKeys
        key={current.id}
        {...props}
        connection={current}
        initialFilter={first ? props.initialFilter : 'all'}
        highlightIds={first ? props.highlightIds : undefined}
        leak={first ? props.leak : null}
        onFirstPaint={first ? props.onFirstPaint : () => props.onSwitchPainted?.(current.id)}
        onOtherReveal={setOther}
        onModal={setModal}
      />
    </>
  );
}

function ConnectionKeys({
  api: rootApi,
  onFirstPaint,
  initialFilter = 'all',
  highlightIds,
  connection,
  onOtherReveal,
  onModal,
  leak = null,
}: PopupAppProps & { connection: Connection | null; onOtherReveal?: (reveal: OtherReveal) => void; onModal?: (modal: boolean) => void }) {
  const outside = usePinnedApi(rootApi, connection, onOtherReveal);
  // Per connection (this view is keyed by it): who is signed in there, and their role.
  const who = useIdentity(outside);
  // Everything else talks through this: a write refused as forbidden re-reads who is signed in.
  const api = useMemo(() => watchForbidden(outside, who.refresh), [outside, who.refresh]);
  const clock = api.now ?? (() => new Date());
  const notices = useNotices(api);
  const keyList = useKeyList(api, {
    initialFilter,
    afterFirstSync: () => {
      void notices.take();
      // After the sync, so a role changed since the last open shows now.
      who.refresh();
    },
  });
  const writable = canWrite(who.identity);
  // The Activity view replaces the list (kept mounted, hidden, so its search and scroll survive); key: one key's history.
  const [activity, setActivity] = useState<{ key: { id: string; name: string } | null } | null>(null);
  const activityButton = useRef<HTMLButtonElement>(null);
  const activityReturn = useRef<HTMLElement | null>(null);
  const { list } = keyList;
  const warningDays = useWarningDays(api);
  const [filter, setFilter] = useState<KeyFilter>(initialFilter);
  const [highlighted] = useState(() => new Set(highlightIds));
  const listRef = useRef<HTMLDivElement>(null);
  const generateButton = useRef<HTMLButtonElement>(null);
  const focusAfterCommit = useFocusAfterCommit();

  const create = useCreateFlow(api, keyList, {
    // The worker stopped mid-create: the key may or may not exist. Show the truth.
    resync: () => void keyList.sync().then(notices.take),
    focusGenerate: () => focusAfterCommit(() => generateButton.current),
  });
  const remove = useDeleteFlow(api, keyList, { after: focusAfterCommit, fallback: () => listRef.current ?? generateButton.current });
  const rename = useRenameFlow(api, keyList);
  const [leakStart, setLeakStart] = useState<LeakStart | null>(leak);
  const leakButton = useRef<HTMLButtonElement>(null);

  const openActivity = (key: KeyMeta | null, trigger: HTMLElement | null) => {
    activityReturn.current = trigger;
    setActivity({ key: key ? { id: key.id, name: key.name } : null });
  };
  const closeActivity = () => {
    setActivity(null);
    focusAfterCommit(() => (activityReturn.current?.isConnected ? activityReturn.current : activityButton.current));
  };

  useEffect(() => {
    // After the first paint, so these chunks never compete with it; by the first click they are in.
    if (list.loaded) for (const part of LATER_PARTS) void part.preload();
  }, [list.loaded]);

  // At the commit of the first rows, not an effect later (that lagged the real frame by 8–30 ms).
  const painted = useRef(false);
  useLayoutEffect(() => {
    if (keyList.shown && !painted.current) {
      painted.current = true;
      onFirstPaint?.();
    }
  }, [keyList.shown]);

  const step = create.step;
  const modal = remove.deleting !== null;
  useEffect(() => onModal?.(modal), [modal]);
  const closeLeak = () => {
    setLeakStart(null);
    focusAfterCommit(() => leakButton.current);
  };
  return (
    <>
      {leakStart && (
        <LeakPanel
          api={api}
          now={clock}
          start={leakStart}
          onClose={closeLeak}
          onRevoked={(id) => keyList.forget(id)}
          {...(connection?.production ? { productionConnection: connection.name } : {})}
          onReplace={(key) => {
            setLeakStart(null);
            create.open(key, 0);
          }}
        />
      )}
      <main
        class="app popup"
        // .popup's display:flex would override [hidden]: the inline style wins.
        hidden={leakStart !== null}
        style={leakStart ? { display: 'none' } : undefined}
        aria-hidden={modal ? 'true' : undefined}
        {...(modal ? { inert: true } : {})}
      >
        <header class="bar">
          <div class="title">
            <h1>API keys</h1>
            {who.identity && !list.notConnected && (
              <p class="who muted">
                <span class="visually-hidden">Signed in as </span>
                {visibleText(who.identity.name || who.identity.email || 'unknown')} · {who.identity.role}
              </p>
            )}
          </div>
          {!list.notConnected && step?.kind !== 'form' && activity === null && (
            <button
              ref={generateButton}
              type="button"
              class="btn btn-primary"
              // Focusable, not `disabled`: a keyboard user reaches it and hears why (aria-describedby).
              aria-disabled={writable ? undefined : 'true'}
              aria-describedby={writable ? undefined : 'viewer-reason'}
              title={writable ? undefined : "Viewers can't generate keys"}
              onClick={() => writable && create.open()}
            >
              Generate API Key
            </button>
          )}
        </header>
        {!writable && !list.notConnected && (
          <p id="viewer-reason" class="role-note muted">
            {VIEWER_REASON}
          </p>
        )}
        {notices.notices.map((n) => (
          <NoticeBanner key={n.id} notice={n} onDismiss={notices.dismiss} />
        ))}
        {list.notConnected ? (
          <div class="not-connected">
            <p>Not connected. Connect to your organization's key API in the options to manage keys.</p>
            <button type="button" class="btn btn-primary" onClick={() => api.openOptions()}>
              Open options
            </button>
          </div>
        ) : (
          <div class="keys-view" hidden={activity !== null}>
            {step?.kind === 'form' && (
              <GenerateForm
                key={step.replacing?.id ?? 'new'}
                now={clock}
                replacing={step.replacing}
                initialGraceSeconds={step.replacing && step.graceSeconds}
                createKey={api.createKey}
                onOutcome={create.onOutcome}
                {...(connection?.production ? { productionConnection: connection.name } : {})}
                onCancel={create.close}
              />
            )}
            {step?.kind === 'already-issued' && (
              <AlreadyIssued keyMeta={step.issued.key} onDeleteAndRetry={create.deleteAndRetry} onKeep={create.close} />
            )}
            {step?.kind === 'reveal' && (
              <SecretReveal
                keyName={step.key.name}
                secret={step.secret}
                copy={api.copy}
                onDone={create.close}
                {...(connection ? { connectionName: connection.name } : {})}
              />
            )}
            <SyncStatus
              showSyncing={keyList.showSyncing}
              syncedAt={list.syncedAt}
              now={keyList.now}
              error={list.error}
              onRetry={() => void keyList.sync()}
              onOpenOptions={() => api.openOptions()}
            />
            {list.unreadable.length > 0 && <UnreadableKeys keys={list.unreadable} onDelete={remove.ask} />}
            {keyList.shown ? (
              <KeyList
                keys={list.keys}
                partial={list.partial}
                now={keyList.now}
                editingId={rename.editingId}
                onEdit={rename.edit}
                onCancelEdit={rename.cancel}
                onRename={rename.rename}
                onDelete={remove.ask}
                warningDays={warningDays}
                filter={filter}
                onFilterChange={setFilter}
                highlightIds={highlighted}
                onReplace={(key) => create.open(key)}
                canWrite={writable}
                onHistory={openActivity}
                listRef={listRef}
              />
            ) : (
              <p class="muted empty">{list.syncing ? '' : 'Loading keys…'}</p>
            )}
          </div>
        )}
        {activity !== null && !list.notConnected && (
          <ActivityView
            key={activity.key?.id ?? 'all'}
            send={api.send}
            now={keyList.now}
            keyFilter={activity.key}
            onShowAll={() => setActivity({ key: null })}
            onBack={closeActivity}
          />
        )}
        <footer class="foot">
          {!list.notConnected && activity === null && (
            <button ref={activityButton} type="button" class="btn btn-link" onClick={(e) => openActivity(null, e.currentTarget)}>
              Activity
            </button>
          )}
          {!list.notConnected && (
            <button ref={leakButton} type="button" class="btn btn-link" onClick={() => setLeakStart({})}>
              Leaked key?
            </button>
          )}
          <button type="button" class="btn btn-link" onClick={() => api.openOptions()}>
            Settings
          </button>
        </footer>
      </main>
      {remove.deleting && (
        <ConfirmDeleteDialog
          keyName={remove.deleting.name}
          onConfirm={remove.confirm}
          onCancel={remove.cancel}
          {...(connection?.production ? { productionConnection: connection.name } : {})}
        />
      )}
    </>
  );
}

/**
 * The api this view uses: pinned to its connection (messages, create, cache
 * reads). A create whose answer arrives after this view was switched away
 * hands its secret to the popup, which shows it named as this connection's.
 */
function usePinnedApi(api: PopupApi, connection: Connection | null, onOtherReveal?: (reveal: OtherReveal) => void): PopupApi {
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const [pinned] = useState<PopupApi>(() => {
    if (!connection) return api;
    const id = connection.id;
    return {
      ...api,
      send: scopedSend(api.send, id),
      // A cache written for another API (the connection was re-pointed) is not this connection's list.
      readCache: async () => {
        const list = await api.readCache(id);
        return list && list.apiUrl === connection.apiUrl ? list : null;
      },
      ...(api.readFirstScreen
        ? {
            readFirstScreen: async () => {
              const first = await api.readFirstScreen!(id);
              return first && first.apiUrl === connection.apiUrl ? first : null;
            },
          }
        : {}),
      createKey: async (input: CreateInput): Promise<CreateResult> => {
        const result = await api.createKey({ ...input, connectionId: id });
        if (!mounted.current && 'ok' in result) onOtherReveal?.({ connection, keyName: result.ok.key.name, secret: result.ok.secret });
        return result;
      },
    };
  });
  return pinned;
}
