// Which keys the popup lists: a labelled group of toggle buttons, each with
// its count. The button's name is just the label ("Expiring soon"); the count
// is its description, so names stay stable as counts change.
import { KEY_FILTERS, type KeyFilter } from '../lib/shared/expiry/rules';

export const FILTER_LABELS: Record<KeyFilter, string> = {
  all: 'All',
  expiring: 'Expiring soon',
  expired: 'Expired',
  never: 'Never expires',
};

export interface FilterBarProps {
  filter: KeyFilter;
  counts: Record<KeyFilter, number>;
  onChange: (filter: KeyFilter) => void;
}

export function FilterBar({ filter, counts, onChange }: FilterBarProps) {
  return (
    <div class="filters" role="group" aria-label="Show keys">
      {KEY_FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          class={`btn btn-small filter filter-${f}`}
          aria-pressed={f === filter ? 'true' : 'false'}
          aria-label={FILTER_LABELS[f]}
          aria-describedby={`filter-count-${f}`}
          onClick={() => onChange(f)}
        >
          {FILTER_LABELS[f]}{' '}
          <span id={`filter-count-${f}`} class="filter-count">
            {counts[f]}
            <span class="visually-hidden"> {counts[f] === 1 ? 'key' : 'keys'}</span>
          </span>
        </button>
      ))}
    </div>
  );
}
