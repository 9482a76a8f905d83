// The Activity view's reducer and its words for each event.
import { describe, expect, it } from 'vitest';
import { activityReducer, canLoadMore, INITIAL_ACTIVITY, type ActivityState } from '../../../../components/activity/state';
import { describeEvent } from '../../../../components/activity/describe';
import { auditEvent } from '../../../support/audit';

const run = (...actions: Parameters<typeof activityReducer>[1][]): ActivityState => actions.reduce(activityReducer, INITIAL_ACTIVITY);
const error = { code: 'unreachable' as const, message: "Can't reach the key API." };

describe('activityReducer', () => {
  it('appends pages in order and stops at the last', () => {
    const s = run(
      { type: 'requested', seq: 1 },
      { type: 'answered', seq: 1, page: { events: [auditEvent(9), auditEvent(8)], nextCursor: 'c1' } },
      { type: 'requested', seq: 2 },
      { type: 'answered', seq: 2, page: { events: [auditEvent(7)], nextCursor: null } },
    );
    expect(s.events.map((e) => e.id)).toEqual([9, 8, 7]);
    expect(s).toMatchObject({ cursor: null, done: true, loading: null, error: null });
    expect(canLoadMore(s)).toBe(false);
  });

  it('keeps the cursor for the next page, and asks for no second page while one loads', () => {
    const s = run({ type: 'requested', seq: 1 }, { type: 'answered', seq: 1, page: { events: [auditEvent(9)], nextCursor: 'c1' } });
    expect(s).toMatchObject({ cursor: 'c1', done: false });
    expect(canLoadMore(s)).toBe(true);
    expect(canLoadMore(activityReducer(s, { type: 'requested', seq: 2 }))).toBe(false);
  });

  it('drops an answer that is not the latest request', () => {
    const s = run(
      { type: 'requested', seq: 1 },
      { type: 'requested', seq: 2 },
      { type: 'answered', seq: 1, page: { events: [auditEvent(1)], nextCursor: null } },
      { type: 'failed', seq: 1, error },
    );
    expect(s).toEqual({ ...INITIAL_ACTIVITY, loading: 2 });
  });

  it('shows an event once even if a server repeats it, and ends on a cursor that does not move', () => {
    const s = run(
      { type: 'requested', seq: 1 },
      { type: 'answered', seq: 1, page: { events: [auditEvent(9), auditEvent(8)], nextCursor: 'same' } },
      { type: 'requested', seq: 2 },
      { type: 'answered', seq: 2, page: { events: [auditEvent(8), auditEvent(7)], nextCursor: 'same' } },
    );
    expect(s.events.map((e) => e.id)).toEqual([9, 8, 7]);
    expect(s.done).toBe(true);
  });

  it('a failure keeps what was loaded and waits for a retry', () => {
    const s = run(
      { type: 'requested', seq: 1 },
      { type: 'answered', seq: 1, page: { events: [auditEvent(9)], nextCursor: 'c1' } },
      { type: 'requested', seq: 2 },
      { type: 'failed', seq: 2, error },
    );
    expect(s).toMatchObject({ events: [auditEvent(9)], cursor: 'c1', error, loading: null });
    expect(canLoadMore(s)).toBe(false);
    expect(activityReducer(s, { type: 'requested', seq: 3 }).error).toBeNull();
  });
});

describe('describeEvent', () => {
  it.each([
    [auditEvent(1), { who: 'Alice', what: 'generated', target: 'Key 1' }],
    [
      auditEvent(1, { action: 'key.renamed', details: { oldName: 'CI', newName: 'CI (new)' } }),
      { who: 'Alice', what: 'renamed', target: 'CI', detail: 'to “CI (new)”' },
    ],
    [
      auditEvent(1, { action: 'key.replaced', details: { newKeyId: 'key_x', newName: 'CI v2', graceSeconds: 60 } }),
      { who: 'Alice', what: 'replaced', target: 'Key 1', detail: 'with “CI v2”' },
    ],
    [auditEvent(1, { action: 'key.deleted' }), { who: 'Alice', what: 'deleted', target: 'Key 1' }],
    [
      auditEvent(1, { action: 'admin.token_created', key: null, details: { adminId: 3, name: 'Vic', email: null, role: 'viewer' } }),
      { who: 'Alice', what: 'added admin', target: 'Vic', detail: 'as viewer' },
    ],
    [
      auditEvent(1, { action: 'admin.token_revoked', key: null, details: { adminId: 3, name: 'Vic' } }),
      { who: 'Alice', what: 'revoked admin', target: 'Vic' },
    ],
    [auditEvent(1, { action: 'auth.failed', actor: null, key: null }), { who: 'Someone unknown', what: 'failed to authenticate' }],
    [auditEvent(1, { action: 'auth.sign_in', key: null }), { who: 'Alice', what: 'signed in' }],
    [
      auditEvent(1, { action: 'admin.sso_added', key: null, details: { adminId: 4, name: 'Bob', role: 'admin' } }),
      { who: 'Alice', what: 'added SSO admin', target: 'Bob', detail: 'as admin' },
    ],
    [auditEvent(1, { action: 'key.exploded', key: null }), { who: 'Alice', what: 'key.exploded' }],
    [
      auditEvent(1, { actor: { id: 4, name: '', email: 'bob@example.com', method: 'sso' } }),
      { who: 'bob@example.com', what: 'generated', target: 'Key 1' },
    ],
  ])('%#: %j', (event, words) => {
    expect(describeEvent(event)).toEqual(words);
  });

  it('marks a bidi override in a name instead of obeying it', () => {
    expect(describeEvent(auditEvent(1, { key: { id: 'key_00000000000000000001', name: 'pay\u202Emoc', hint: 'x' } })).target).not.toContain('\u202E');
  });
});
