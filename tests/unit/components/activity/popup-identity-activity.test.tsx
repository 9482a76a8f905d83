// @vitest-environment happy-dom
// The popup names who is signed in, offers a viewer no writes (and says why),
// shows who created each key, and opens the Activity view, whole or one key's.
import { afterEach, describe, expect, it } from 'vitest';
import { PopupApp, VIEWER_REASON } from '../../../../components/PopupApp';
import type { AuditPage } from '../../../../lib/shared/messages/audit-list';
import type { IdentityState } from '../../../../lib/shared/messages/identity-get';
import { allByRole, byRole, click, flush, mount, queryByRole, unmountAll } from '../../../support/dom';
import { key } from '../../../support/keys';
import { fakePopupApi, type Handlers } from '../../../support/page-api';
import { auditEvent } from '../../../support/audit';

afterEach(unmountAll);

const NOW = new Date('2030-01-01T00:10:00.000Z');
const KEYS = [key(1, { name: 'CI deploy', createdBy: { id: 2, name: 'Alice' } }), key(2, { name: 'Legacy', createdBy: null })];

function identity(role: 'viewer' | 'admin', name = 'Alice'): IdentityState {
  return { identity: { id: 2, name, email: 'alice@example.com', role, method: 'token' }, checkedAt: NOW.toISOString() };
}

async function popup(handlers: Handlers) {
  const api = fakePopupApi({ now: NOW, handlers: { 'keys.sync': () => ({ ok: { keys: KEYS, syncedAt: NOW.toISOString() } }), ...handlers } });
  const root = await mount(<PopupApp api={api} />);
  await flush();
  await flush();
  return { api, root };
}

describe('who is signed in', () => {
  it('the header names them and their role: the cached answer first, then the fresh one after the sync', async () => {
    const { api, root } = await popup({ 'identity.get': (req) => ({ ok: req.fresh ? identity('admin', 'Alice B.') : identity('admin') }) });
    const asks = api.sent.filter((r) => r.type === 'identity.get');
    expect(asks).toEqual([{ type: 'identity.get' }, { type: 'identity.get', fresh: true }]);
    expect(root.querySelector('.who')?.textContent).toBe('Signed in as Alice B. · admin');
  });

  it('a role changed since the last open shows after the sync: the viewer loses the writes', async () => {
    const { root } = await popup({ 'identity.get': (req) => ({ ok: identity(req.fresh ? 'viewer' : 'admin') }) });
    expect(root.querySelector('.who')?.textContent).toContain('viewer');
    expect(queryByRole(root, 'button', 'Edit CI deploy')).toBeNull();
  });

  it('a key API that names nobody, or an error, restricts nothing', async () => {
    const { root } = await popup({ 'identity.get': () => ({ error: { code: 'unreachable', message: 'down' } }) });
    expect(root.querySelector('.who')).toBeNull();
    expect(byRole(root, 'button', 'Generate API Key').getAttribute('aria-disabled')).toBeNull();
    expect(byRole(root, 'button', 'Edit CI deploy')).toBeTruthy();
  });
});

describe('a role changed while the popup is open', () => {
  it('a write refused as forbidden asks who is signed in again, and the writes go', async () => {
    let role: 'admin' | 'viewer' = 'admin';
    const { api, root } = await popup({
      'identity.get': () => ({ ok: identity(role) }),
      'keys.delete': () => ({ error: { code: 'forbidden', message: "Viewers can't delete keys." } }),
    });
    expect(byRole(root, 'button', 'Delete CI deploy')).toBeTruthy();
    role = 'viewer';
    await click(byRole(root, 'button', 'Delete CI deploy'));
    await untilShown(root, '[role="dialog"]');
    await click(byRole(root, 'button', 'Delete'));
    await flush();
    expect(api.sent.filter((r) => r.type === 'identity.get')).toHaveLength(3);
    expect(root.querySelector('.who')?.textContent).toContain('viewer');
    expect(queryByRole(root, 'button', 'Delete CI deploy')).toBeNull();
    expect(root.textContent).toContain("Viewers can't delete keys.");
  });
});

describe('a viewer', () => {
  it('sees Generate disabled with the reason, and no Edit, Replace or Delete; History stays', async () => {
    const { api, root } = await popup({ 'identity.get': () => ({ ok: identity('viewer') }) });
    const generate = byRole(root, 'button', 'Generate API Key');
    expect(generate.getAttribute('aria-disabled')).toBe('true');
    const reason = root.querySelector(`#${generate.getAttribute('aria-describedby')}`);
    expect(reason?.textContent).toBe(VIEWER_REASON);
    expect(VIEWER_REASON).toContain("Viewers can't generate keys");
    await click(generate);
    expect(root.querySelector('form')).toBeNull();
    expect(api.createKey).not.toHaveBeenCalled();
    expect(allByRole(root, 'button', /^(Edit|Delete|Generate replacement for) /)).toEqual([]);
    expect(allByRole(root, 'button', /^History of /)).toHaveLength(2);
  });
});

describe('created by', () => {
  it('each row says who created the key, when the API says so', async () => {
    const { root } = await popup({ 'identity.get': () => ({ ok: identity('admin') }) });
    const row = (name: string) => root.querySelector(`[data-key-id="${KEYS.find((k) => k.name === name)!.id}"]`)!;
    expect(row('CI deploy').textContent).toContain('by Alice');
    expect(row('Legacy').textContent).not.toContain(' by ');
  });
});

/** The Activity view is its own chunk: wait for it (and its first page) to arrive. */
async function untilShown(root: HTMLElement, selector: string) {
  for (let i = 0; i < 50 && !root.querySelector(selector); i++) await flush(10);
  await flush();
}

describe('Activity', () => {
  const page = (events: AuditPage['events'], nextCursor: string | null = null) => ({ ok: { events, nextCursor } });

  it('lists who did what to which key, with the exact time on hover; pages on demand; Back returns focus', async () => {
    const pages: Record<string, AuditPage['events']> = {
      first: [
        auditEvent(3, { action: 'key.deleted', at: '2030-01-01T00:08:00.000Z' }),
        auditEvent(2, { action: 'key.renamed', details: { oldName: 'Old', newName: 'New' } }),
      ],
      c1: [auditEvent(1)],
    };
    const { api, root } = await popup({
      'identity.get': () => ({ ok: identity('admin') }),
      'audit.list': (req) => page(pages[req.cursor ?? 'first']!, req.cursor ? null : 'c1'),
    });
    const open = byRole(root, 'button', 'Activity');
    await click(open);
    await untilShown(root, '.event');
    expect(document.activeElement?.textContent).toBe('Activity');
    expect(api.sent.filter((r) => r.type === 'audit.list')).toEqual([{ type: 'audit.list', limit: 30 }]);
    const items = () => Array.from(root.querySelectorAll('.event')).map((li) => li.textContent?.replace(/\s+/g, ' '));
    expect(items()[0]).toBe('Alice deleted Key 3 wbk_…abcd2 minutes ago');
    expect(items()[1]).toContain('Alice renamed Old to “New”');
    const time = root.querySelector('.event time')!;
    expect(time.getAttribute('dateTime')).toBe('2030-01-01T00:08:00.000Z');
    expect(time.getAttribute('title')).toMatch(/2030/);
    await click(byRole(root, 'button', 'Load older events'));
    await flush();
    expect(api.sent.filter((r) => r.type === 'audit.list').at(-1)).toEqual({ type: 'audit.list', limit: 30, cursor: 'c1' });
    expect(items()).toHaveLength(3);
    expect(root.textContent).toContain('3 events, no older ones.');
    await click(byRole(root, 'button', 'Back to keys'));
    expect(root.querySelector('.activity')).toBeNull();
    expect(document.activeElement).toBe(byRole(root, 'button', 'Activity'));
  });

  it("a row's History shows only that key's events; Show all lifts the filter", async () => {
    const { api, root } = await popup({ 'identity.get': () => ({ ok: identity('viewer') }), 'audit.list': () => page([auditEvent(1)]) });
    const history = byRole(root, 'button', 'History of CI deploy');
    await click(history);
    await untilShown(root, '.event');
    expect(api.sent.filter((r) => r.type === 'audit.list')).toEqual([{ type: 'audit.list', limit: 30, keyId: KEYS[0]!.id }]);
    expect(root.querySelector('#activity-title')?.textContent).toBe('History of CI deploy');
    await click(byRole(root, 'button', 'Show all activity'));
    await flush();
    expect(api.sent.filter((r) => r.type === 'audit.list').at(-1)).toEqual({ type: 'audit.list', limit: 30 });
    expect(root.querySelector('#activity-title')?.textContent).toBe('Activity');
    await click(byRole(root, 'button', 'Back to keys'));
    expect(document.activeElement).toBe(history);
  });

  it('a failed page says why and offers a retry that continues', async () => {
    let fail = true;
    const { root } = await popup({
      'identity.get': () => ({ ok: identity('admin') }),
      'audit.list': () => (fail ? { error: { code: 'unreachable', message: "Can't reach the key API." } } : page([auditEvent(1)])),
    });
    await click(byRole(root, 'button', 'Activity'));
    await untilShown(root, '[role="alert"]');
    expect(byRole(root, 'alert').textContent).toContain("Couldn't load the activity: Can't reach the key API.");
    fail = false;
    await click(byRole(root, 'button', 'Try again'));
    await flush();
    expect(queryByRole(root, 'alert')).toBeNull();
    expect(root.querySelectorAll('.event')).toHaveLength(1);
  });
});
