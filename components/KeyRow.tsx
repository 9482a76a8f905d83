import { useRef } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import { exactDate, formatCreated, formatExpiry, formatLastUsed } from '../lib/shared/format/relative';
import { isExpired, isExpiringSoon, isUnusedLong, UNUSED_DAYS } from '../lib/shared/expiry/rules';
import { useFocusWhenDone } from './focus';
import { lazy } from './lazy';
import { visibleText } from '../lib/shared/format/visible-text';
import { DEFAULT_PREFERENCES } from '../lib/shared/settings/preferences';

/** Own chunk: only needed once a row is being renamed (PopupApp preloads it after the first paint). */
export const LazyRenameField = lazy(() => import('./RenameField').then((m) => m.RenameField));

/** Every row has this height (px): the list is virtualized on it. Keep in sync with .key-row in theme.css. */
export const ROW_HEIGHT = 76;

export interface KeyRowProps {
  keyMeta: KeyMeta;
  now: Date;
  index: number;
  setSize: number;
  editing: boolean;
  onEdit: (id: string) => void;
  onCancelEdit: () => void;
  onRename: (key: KeyMeta, name: string) => Promise<string | null>;
  onDelete: (key: KeyMeta, trigger: HTMLElement) => void;
  /** Days ahead that count as "expiring soon". */
  warningDays?: number;
  /** Marked, e.g. a key a reminder notification was about. */
  highlighted?: boolean;
  /** Offered for expiring-soon and expired keys. */
  onReplace?: (key: KeyMeta) => void;
  /** False for a viewer: Edit, Replace and Delete are not offered (the popup says why once, under its header). */
  canWrite?: boolean;
  /** Opens this key's history in the Activity view; the trigger gets focus back after. */
  onHistory?: (key: KeyMeta, trigger: HTMLElement) => void;
}

function Time({ iso, children }: { iso: string; children: string }) {
  return (
    <time dateTime={iso} title={exactDate(iso)}>
      {children}
    </time>
  );
}

export function KeyRow({
  keyMeta: key,
  now,
  index,
  setSize,
  editing,
  onEdit,
  onCancelEdit,
  onRename,
  onDelete,
  warningDays = DEFAULT_PREFERENCES.warningDays,
  highlighted = false,
  onReplace,
  canWrite = true,
  onHistory,
}: KeyRowProps) {
  const editButton = useRef<HTMLButtonElement>(null);
  // Leaving edit mode (saved or cancelled): focus goes back to this row's Edit button.
  useFocusWhenDone(editButton, editing);
  const expired = isExpired(key, now);
  const soon = isExpiringSoon(key, now, warningDays);
  const unused = isUnusedLong(key, now);
  const expiry = formatExpiry(key, now);
  // Shown as what it is: a bidi override or zero-width character from the server is marked, not obeyed.
  const shownName = visibleText(key.name);
  return (
    <li
      class={`key-row${expired ? ' is-expired' : ''}${soon ? ' is-soon' : ''}${highlighted ? ' is-highlighted' : ''}`}
      style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-key-id={key.id}
    >
      {editing ? (
        <LazyRenameField initial={key.name} onSave={(name) => onRename(key, name)} onCancel={onCancelEdit} />
      ) : (
        <div class="key-head">
          {highlighted && <span class="visually-hidden">Highlighted: </span>}
          <span class="key-name" title={shownName}>
            {shownName}
          </span>
          <span class="row-actions">
            {onHistory && (
              <button
                type="button"
                class="btn btn-small"
                aria-label={`History of ${shownName}`}
                title="Who changed this key, and when"
                onClick={(e) => onHistory(key, e.currentTarget)}
              >
                History
              </button>
            )}
            {/* Renaming an expired key is fine (e.g. "old – do not use"); renewing it is not, so there is no such action. */}
            {canWrite && (
              <button ref={editButton} type="button" class="btn btn-small" aria-label={`Edit ${shownName}`} onClick={() => onEdit(key.id)}>
                Edit
              </button>
            )}
            {canWrite && (expired || soon) && onReplace && (
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Generate replacement for ${shownName}`}
                title="Generate replacement"
                onClick={() => onReplace(key)}
              >
                Replace
              </button>
            )}
            {canWrite && (
              <button
                type="button"
                class="btn btn-small btn-danger-outline"
                aria-label={`Delete ${shownName}`}
                onClick={(e) => onDelete(key, e.currentTarget)}
              >
                Delete
              </button>
            )}
          </span>
        </div>
      )}
      <div class="key-meta">
        <code class="key-hint">{key.hint}</code>
        <span aria-hidden="true"> · </span>
        <Time iso={key.createdAt}>{formatCreated(key, now)}</Time>
        {/* Same line, not a new one: rows are virtualized on a fixed ROW_HEIGHT. */}
        {key.createdBy && <span class="created-by"> by {visibleText(key.createdBy.name)}</span>}
        {unused && (
          <>
            <span aria-hidden="true"> · </span>
            <span class="flag-unused">
              <span class="flag-icon" aria-hidden="true">
                ◷
              </span>
              unused for {UNUSED_DAYS}+ days
            </span>
          </>
        )}
      </div>
      <div class="key-meta">
        {key.expiresAt === null ? (
          <span>{expiry}</span>
        ) : (
          <span class={expired ? 'expired' : soon ? 'warn' : undefined}>
            {expired && (
              <span class="expired-icon" aria-hidden="true">
                ⊘
              </span>
            )}
            {soon && (
              <>
                <span class="warn-icon" aria-hidden="true">
                  ⚠
                </span>
                <span class="visually-hidden">Warning: </span>
              </>
            )}
            <Time iso={key.expiresAt}>{expiry}</Time>
          </span>
        )}
        <span aria-hidden="true"> · </span>
        {key.lastUsedAt === null ? <span>{formatLastUsed(key, now)}</span> : <Time iso={key.lastUsedAt}>{formatLastUsed(key, now)}</Time>}
      </div>
    </li>
  );
}
