import type { ErrorInfo } from '../lib/shared/errors';
import { formatUpdated } from '../lib/shared/format/relative';

export interface SyncStatusProps {
  /** True only once a sync has run longer than the indicator delay. */
  showSyncing: boolean;
  syncedAt: string | null;
  now: Date;
  error: ErrorInfo | null;
  onRetry: () => void;
  onOpenOptions: () => void;
}

// signed_out: the SSO session ended; sign-in lives on the options page (the cached list stays shown).
const NEEDS_OPTIONS: ReadonlySet<ErrorInfo['code']> = new Set(['unauthorized', 'permission_denied', 'signed_out']);

export function SyncStatus({ showSyncing, syncedAt, now, error, onRetry, onOpenOptions }: SyncStatusProps) {
  return (
    <div class="sync">
      {error && (
        <div class="sync-error" role="alert">
          <p>{error.message}</p>
          <div class="row-actions">
            <button type="button" class="btn btn-small" onClick={onRetry} disabled={showSyncing}>
              Retry
            </button>
            {NEEDS_OPTIONS.has(error.code) && (
              <button type="button" class="btn btn-small" onClick={onOpenOptions}>
                {error.code === 'signed_out' ? 'Sign in' : 'Open options'}
              </button>
            )}
          </div>
        </div>
      )}
      <p class="sync-line">
        {showSyncing ? (
          <span role="status" class="syncing">
            <span class="spinner" aria-hidden="true" />
            Syncing…
          </span>
        ) : (
          <span class="muted" title={syncedAt ?? undefined}>
            {formatUpdated(syncedAt, now)}
          </span>
        )}
      </p>
    </div>
  );
}
