// The Activity view (its own chunk, loaded on first use): recent audit events,
// newest first, another page fetched as the admin scrolls near the end (or
// presses "Load older events"), optionally only one key's history.
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { AuditEvent } from '../../lib/shared/messages/audit-list';
import { auditList } from '../../lib/shared/messages/audit-list';
import { exactDate, relativeTime } from '../../lib/shared/format/relative';
import { visibleText } from '../../lib/shared/format/visible-text';
import type { Send } from '../../lib/page/worker-client';
import { useFocusOnMount } from '../focus';
import { describeEvent } from './describe';
import './activity.css';
import { activityReducer, canLoadMore, INITIAL_ACTIVITY } from './state';

const PAGE_SIZE = 30;
/** Start the next page this close (px) to the end of the scrolled list. */
const NEAR_END_PX = 120;
const MINUTE_MS = 60_000;

export interface ActivityViewProps {
  send: Send;
  now: Date;
  /** Only this key's history; null: everything. */
  keyFilter: { id: string; name: string } | null;
  onShowAll: () => void;
  onBack: () => void;
}

function When({ iso, now }: { iso: string; now: Date }) {
  const delta = Date.parse(iso) - now.getTime();
  // A moment ago, or slightly ahead of our clock (skew): "just now".
  const text = delta > -MINUTE_MS ? 'just now' : relativeTime(delta);
  return (
    <time class="event-time" dateTime={iso} title={exactDate(iso)}>
      {text}
    </time>
  );
}

function EventItem({ event, now }: { event: AuditEvent; now: Date }) {
  const words = describeEvent(event);
  return (
    <li class="event" data-action={event.action}>
      <span class="event-text">
        <strong class="event-who">{words.who}</strong> {words.what}
        {words.target !== undefined && (
          <>
            {' '}
            <span class="event-target">{words.target}</span>
          </>
        )}
        {words.detail !== undefined && <> {words.detail}</>}
        {event.key && (
          <>
            {' '}
            <code class="key-hint">{event.key.hint}</code>
          </>
        )}
      </span>
      <When iso={event.at} now={now} />
    </li>
  );
}

export function ActivityView({ send, now, keyFilter, onShowAll, onBack }: ActivityViewProps) {
  const [state, dispatch] = useReducer(activityReducer, INITIAL_ACTIVITY);
  const seq = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading);

  const loadMore = useCallback(async () => {
    const mine = ++seq.current;
    dispatch({ type: 'requested', seq: mine });
    const reply = await send(auditList, {
      limit: PAGE_SIZE,
      ...(keyFilter ? { keyId: keyFilter.id } : {}),
      ...(state.cursor === null ? {} : { cursor: state.cursor }),
    });
    if ('error' in reply) dispatch({ type: 'failed', seq: mine, error: reply.error });
    else dispatch({ type: 'answered', seq: mine, page: reply.ok });
  }, [send, keyFilter, state.cursor]);

  // The first page on open (PopupApp remounts the view when the key filter changes).
  useEffect(() => void loadMore(), []);

  const onScroll = (el: HTMLElement) => {
    if (canLoadMore(state) && el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_END_PX) void loadMore();
  };

  const title = keyFilter ? `History of ${visibleText(keyFilter.name)}` : 'Activity';
  const empty = state.done && state.events.length === 0;
  return (
    <section class="activity" aria-labelledby="activity-title">
      <div class="bar">
        <h2 id="activity-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" class="btn btn-small" onClick={onBack}>
          Back to keys
        </button>
      </div>
      {keyFilter && (
        <p class="muted activity-filter">
          Only this key's events.{' '}
          <button type="button" class="btn btn-link" onClick={onShowAll}>
            Show all activity
          </button>
        </p>
      )}
      {empty ? (
        <p class="muted empty">{keyFilter ? 'No events for this key.' : 'No activity yet.'}</p>
      ) : (
        <div
          class="events-scroll"
          role="region"
          aria-label={`${title}: events, newest first`}
          tabIndex={0}
          onScroll={(e) => onScroll(e.currentTarget)}
        >
          <ul class="events" aria-label="Events, newest first">
            {state.events.map((event) => (
              <EventItem key={event.id} event={event} now={now} />
            ))}
          </ul>
          <div class="events-end" aria-live="polite">
            {state.error ? (
              <div class="form-error" role="alert">
                <p>Couldn't load the activity: {state.error.message}</p>
                <button type="button" class="btn btn-small" onClick={() => void loadMore()}>
                  Try again
                </button>
              </div>
            ) : state.done ? (
              <p class="muted">{state.events.length === 1 ? '1 event' : `${state.events.length} events`}, no older ones.</p>
            ) : (
              // One button throughout, so focus stays on it while a page loads.
              <button
                type="button"
                class="btn btn-small"
                aria-disabled={state.loading !== null ? 'true' : undefined}
                onClick={() => state.loading === null && void loadMore()}
              >
                {state.loading !== null ? 'Loading events…' : 'Load older events'}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
