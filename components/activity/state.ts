// The Activity view's list as a reducer: pages arrive newest first and are
// appended; an answer to a request that is no longer the latest (the view was
// reset, or a retry overtook it) is dropped, so pages never interleave.
import type { AuditEvent, AuditPage } from '../../lib/shared/messages/audit-list';
import type { ErrorInfo } from '../../lib/shared/errors';

export interface ActivityState {
  events: readonly AuditEvent[];
  /** Where the next page starts; null before the first page and after the last. */
  cursor: string | null;
  /** The last page has been read. */
  done: boolean;
  /** The sequence number of the request in flight; null when idle. */
  loading: number | null;
  error: ErrorInfo | null;
}

export type ActivityAction =
  { type: 'requested'; seq: number } | { type: 'answered'; seq: number; page: AuditPage } | { type: 'failed'; seq: number; error: ErrorInfo };

export const INITIAL_ACTIVITY: ActivityState = { events: [], cursor: null, done: false, loading: null, error: null };

export function activityReducer(state: ActivityState, action: ActivityAction): ActivityState {
  switch (action.type) {
    case 'requested':
      return { ...state, loading: action.seq, error: null };
    case 'answered': {
      if (action.seq !== state.loading) return state;
      // Keyset pages never repeat an event, but a server that did must not show it twice.
      const seen = new Set(state.events.map((e) => e.id));
      const fresh = action.page.events.filter((e) => !seen.has(e.id));
      // A cursor that doesn't move would page forever: treat it as the end.
      const stuck = action.page.nextCursor !== null && action.page.nextCursor === state.cursor;
      return {
        events: fresh.length ? [...state.events, ...fresh] : state.events,
        cursor: stuck ? null : action.page.nextCursor,
        done: action.page.nextCursor === null || stuck,
        loading: null,
        error: null,
      };
    }
    case 'failed':
      return action.seq === state.loading ? { ...state, loading: null, error: action.error } : state;
  }
}

/** Whether another page should be asked for now. */
export function canLoadMore(state: ActivityState): boolean {
  return !state.done && state.loading === null && state.error === null;
}
