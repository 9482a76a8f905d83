// The key list, virtualized: 10,000 keys render as ~a dozen fixed-height rows
// absolutely positioned inside a spacer as tall as the whole list. Rows just
// outside the viewport are rendered too (overscan), so Tab always has a next
// row's button to reach; the browser scrolls it into view and the window follows.
import type { Ref } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KeyMeta } from '../lib/shared/contract/schemas';
import { arrangeKeys, countFilters, type ExpirySummary, type KeyFilter } from '../lib/shared/expiry/rules';
import { FilterBar, FILTER_LABELS } from './FilterBar';
import { KeyRow, ROW_HEIGHT } from './KeyRow';
import { DEFAULT_PREFERENCES } from '../lib/shared/settings/preferences';

const LIST_MAX_HEIGHT = 380;
const OVERSCAN = 3;

export interface KeyListProps {
  keys: readonly KeyMeta[];
  now: Date;
  editingId: string | null;
  onEdit: (id: string) => void;
  onCancelEdit: () => void;
  onRename: (key: KeyMeta, name: string) => Promise<string | null>;
  onDelete: (key: KeyMeta, trigger: HTMLElement) => void;
  /** The scroll container, so focus can return to the list after a dialog. */
  listRef?: Ref<HTMLDivElement>;
  /** Keys expiring within this many days are listed first (preferences.warningDays). */
  warningDays?: number;
  /** Which keys to show; uncontrolled ('all' first) when onFilterChange is not given. */
  filter?: KeyFilter;
  onFilterChange?: (filter: KeyFilter) => void;
  /** Ids to mark, e.g. from a reminder notification. */
  highlightIds?: ReadonlySet<string>;
  onReplace?: (key: KeyMeta) => void;
  /** False for a viewer: rows offer no writes. */
  canWrite?: boolean;
  /** A row's "History": that key's events in the Activity view. */
  onHistory?: (key: KeyMeta, trigger: HTMLElement) => void;
  /**
   * Only the first screen is in: `keys` are the candidates for the top of "All",
   * the counts come from this summary of the whole list. Other filters and
   * searches say "Loading keys…" until the whole list replaces it (~100 ms).
   */
  partial?: ExpirySummary | null;
}

const EMPTY_FILTER: Record<KeyFilter, string> = {
  all: 'No API keys yet.',
  expiring: 'No keys expire soon.',
  expired: 'No expired keys.',
  never: 'No keys without an expiry.',
};

/** Keys whose name contains `query`, case-insensitively. */
export function filterKeys(keys: readonly KeyMeta[], lowerNames: readonly string[], query: string): readonly KeyMeta[] {
  const q = query.trim().toLowerCase();
  if (!q) return keys;
  const out: KeyMeta[] = [];
  for (let i = 0; i < keys.length; i++) if (lowerNames[i]!.includes(q)) out.push(keys[i]!);
  return out;
}

/** The [start, end) slice of rows to render for a scroll position. */
export function visibleRange(scrollTop: number, viewport: number, count: number): [number, number] {
  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  return [start, Math.max(start, end)];
}

export function KeyList({
  keys,
  now,
  editingId,
  onEdit,
  onCancelEdit,
  onRename,
  onDelete,
  listRef,
  warningDays = DEFAULT_PREFERENCES.warningDays,
  filter: controlledFilter,
  onFilterChange,
  highlightIds,
  onReplace,
  canWrite = true,
  onHistory,
  partial = null,
}: KeyListProps) {
  const [query, setQuery] = useState('');
  const [ownFilter, setOwnFilter] = useState<KeyFilter>(controlledFilter ?? 'all');
  const filter = onFilterChange ? (controlledFilter ?? 'all') : ownFilter;
  const setFilter = onFilterChange ?? setOwnFilter;
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement | null>(null);

  // Sorting 10,000 keys is the costly step: only when the keys, the minute-ish clock tick or the window change.
  const arranged = useMemo(() => arrangeKeys(keys, now, warningDays), [keys, now.getTime(), warningDays]);
  const counts = useMemo(
    () =>
      partial
        ? countFilters(partial, now, warningDays)
        : { all: arranged.all.length, expiring: arranged.expiring.length, expired: arranged.expired.length, never: arranged.never.length },
    [arranged, partial, now.getTime(), warningDays],
  );
  const listed = arranged[filter];
  const lowerNames = useMemo(() => listed.map((k) => k.name.toLowerCase()), [listed]);
  const shown = useMemo(() => filterKeys(listed, lowerNames, query), [listed, lowerNames, query]);
  // With only the first screen, just the unsearched "All" view is complete at its top.
  const waiting = partial !== null && (filter !== 'all' || query.trim() !== '');
  const totalKeys = partial ? partial.total : keys.length;

  const total = shown.length * ROW_HEIGHT;
  const viewport = Math.min(total, LIST_MAX_HEIGHT);
  const [start, end] = visibleRange(scrollTop, viewport, shown.length);

  // A shorter list (new search) may leave the old scroll position past its end.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && scrollTop > Math.max(0, total - viewport)) {
      el.scrollTop = Math.max(0, total - viewport);
      setScrollTop(el.scrollTop);
    }
  }, [total, viewport, scrollTop]);

  const setRef = (el: HTMLDivElement | null) => {
    scroller.current = el;
    if (typeof listRef === 'function') listRef(el);
    else if (listRef) listRef.current = el;
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const key = shown[i]!;
    rows.push(
      <KeyRow
        key={key.id}
        keyMeta={key}
        now={now}
        index={i}
        setSize={partial ? partial.total : shown.length}
        editing={editingId === key.id}
        onEdit={onEdit}
        onCancelEdit={onCancelEdit}
        onRename={onRename}
        onDelete={onDelete}
        warningDays={warningDays}
        highlighted={highlightIds?.has(key.id) ?? false}
        onReplace={onReplace}
        canWrite={canWrite}
        onHistory={onHistory}
      />,
    );
  }

  return (
    <section class="key-list">
      <FilterBar filter={filter} counts={counts} onChange={setFilter} />
      <div class="search">
        <input
          type="search"
          class="input"
          aria-label="Search keys"
          placeholder="Search keys"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <span class="muted count" aria-live="polite">
          {waiting ? '' : query.trim() || filter !== 'all' ? `${shown.length} of ${totalKeys}` : `${totalKeys} ${totalKeys === 1 ? 'key' : 'keys'}`}
        </span>
      </div>
      {waiting ? (
        <p class="empty muted">Loading keys…</p>
      ) : shown.length === 0 ? (
        <p class="empty muted">{listed.length === 0 ? EMPTY_FILTER[filter] : `No keys match “${query.trim()}”.`}</p>
      ) : (
        <div ref={setRef} class="rows" tabIndex={-1} style={{ height: `${viewport}px` }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <ul class="rows-inner" aria-label={filter === 'all' ? 'API keys' : `API keys: ${FILTER_LABELS[filter]}`} style={{ height: `${total}px` }}>
            {rows}
          </ul>
        </div>
      )}
    </section>
  );
}
