// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../components/PopupApp';
import { ConfirmDeleteDialog } from '../../../components/ConfirmDeleteDialog';
import type { CachedList, PopupApi } from '../../../components/api';
import { allByRole, byRole, click, flush, makeKey, mount, press, queryByRole, submit, type, unmountAll } from '../../support/dom';
import type { AnyRequest, ReplyTo } from '../../../lib/shared/messages';
import { fakeSend } from '../../support/page-api';

afterEach(unmountAll);

const NOW = new Date('2026-11-26T12:00:00Z');

type Handlers = { [K in AnyRequest['type']]?: (req: Extract<AnyRequest, { type: K }>) => ReplyTo<K> | Promise<ReplyTo<K>> };

function fakeApi(handlers: Handlers, cache: CachedList | null = null): PopupApi & { sent: AnyRequest[] } {
  const sent: AnyRequest[] = [];
  return {
    sent,
    send: fakeSend(async (req: AnyRequest) => {
      sent.push(req);
      const h = handlers[req.type] as ((r: AnyRequest) => unknown) | undefined;
      if (h) return h(req);
      if (req.type === 'notices.take') return { ok: [] };
      return { error: { code: 'internal', message: `unexpected ${req.type}` } };
    }),
    createKey: vi.fn(async () => ({ error: { code: 'internal' as const, message: 'no' } })),
    readCache: vi.fn(async () => cache),
    openOptions: vi.fn(),
    copy: vi.fn(async () => {}),
    now: () => NOW,
  };
}

const cachedKeys = [makeKey(1, { name: 'CI deploy' }), makeKey(2, { name: 'Staging' })];
const names = (root: HTMLElement) => Array.from(root.querySelectorAll('.key-name')).map((n) => n.textContent);

describe('PopupApp', () => {
  it('paints the cached list before the worker answers, then shows the synced list', async () => {
    let answer!: (r: ReplyTo<'keys.sync'>) => void;
    const api = fakeApi(
      { 'keys.sync': () => new Promise((r) => (answer = r)) },
      { keys: cachedKeys, syncedAt: '2026-11-26T11:55:00Z', apiUrl: 'http://127.0.0.1:8787' },
    );
    const painted = vi.fn();
    const root = await mount(<PopupApp api={api} onFirstPaint={painted} />);
    await flush();
    expect(names(root)).toEqual(['CI deploy', 'Staging']);
    expect(painted).toHaveBeenCalledTimes(1);
    expect(root.textContent).toContain('Updated 5 minutes ago');
    await flush(200);
    expect(byRole(root, 'status').textContent).toContain('Syncing…');
    answer({ ok: { keys: [makeKey(3, { name: 'Fresh' })], syncedAt: NOW.toISOString() } });
    await flush();
    expect(names(root)).toEqual(['Fresh']);
    expect(root.textContent).toContain('Updated just now');
    expect(queryByRole(root, 'status')).toBeNull();
    expect(painted).toHaveBeenCalledTimes(1);
  });

  it('paints the first screen, then the whole cached list; other filters and searches wait for it', async () => {
    const { summarizeExpiries } = await import('../../../lib/shared/expiry/rules');
    const whole = Array.from({ length: 40 }, (_, i) =>
      makeKey(i + 1, { name: `Key ${i + 1}`, createdAt: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString() }),
    );
    let giveWhole!: (c: CachedList) => void;
    const api = {
      ...fakeApi({ 'keys.sync': () => new Promise(() => {}) }),
      readCache: vi.fn(() => new Promise<CachedList>((r) => (giveWhole = r))),
      readFirstScreen: vi.fn(async () => ({
        apiUrl: 'http://127.0.0.1:8787',
        syncedAt: '2026-11-26T11:55:00Z',
        keys: whole.slice(0, 20),
        ...summarizeExpiries(whole),
      })),
    };
    const painted = vi.fn();
    const root = await mount(<PopupApp api={api} onFirstPaint={painted} />);
    await flush(50);
    expect(names(root)[0]).toBe('Key 1');
    expect(painted).toHaveBeenCalledTimes(1);
    expect(root.textContent).toContain('40 keys');
    expect(byRole(root, 'button', 'All').textContent).toContain('40');
    // The whole list is read only after the first screen's frame.
    await flush(100);
    expect(api.readCache).toHaveBeenCalledTimes(1);
    await type(byRole(root, 'searchbox', 'Search keys'), 'Key 33');
    await flush();
    expect(root.textContent).toContain('Loading keys…');
    giveWhole({ keys: whole, syncedAt: '2026-11-26T11:55:00Z', apiUrl: 'http://127.0.0.1:8787' });
    await flush();
    expect(names(root)).toEqual(['Key 33']);
    expect(root.textContent).toContain('1 of 40');
    expect(painted).toHaveBeenCalledTimes(1);
  });

  it('keeps the cached list on a sync error and retries', async () => {
    let fail = true;
    const api = fakeApi(
      {
        'keys.sync': () =>
          fail
            ? { error: { code: 'unreachable', message: "Can't reach the key API at http://127.0.0.1:8787." } }
            : { ok: { keys: cachedKeys, syncedAt: NOW.toISOString() } },
      },
      { keys: cachedKeys, syncedAt: '2026-11-26T11:00:00Z', apiUrl: 'x' },
    );
    const root = await mount(<PopupApp api={api} />);
    await flush();
    expect(byRole(root, 'alert').textContent).toContain("Can't reach the key API");
    expect(names(root)).toEqual(['CI deploy', 'Staging']);
    fail = false;
    await click(byRole(root, 'button', 'Retry'));
    await flush();
    expect(queryByRole(root, 'alert')).toBeNull();
    expect(root.textContent).toContain('Updated just now');
  });

  it('offers the options page when not connected', async () => {
    const api = fakeApi({ 'keys.sync': () => ({ error: { code: 'not_connected', message: 'Not connected.' } }) });
    const root = await mount(<PopupApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Open options'));
    expect(api.openOptions).toHaveBeenCalled();
    expect(queryByRole(root, 'button', 'Generate API Key')).toBeNull();
  });

  it('shows notices from the worker until dismissed', async () => {
    const api = fakeApi({
      'keys.sync': () => ({ ok: { keys: [], syncedAt: NOW.toISOString() } }),
      'notices.take': () => ({
        ok: [{ id: 'n1', kind: 'unseen_key_deleted', keyId: makeKey(9).id, keyName: 'Nightly', at: NOW.toISOString() }],
      }),
    });
    const root = await mount(<PopupApp api={api} />);
    // The banner is its own chunk (notices are rare and arrive after the first sync).
    for (let i = 0; i < 50 && !queryByRole(root, 'alert'); i++) await flush();
    expect(byRole(root, 'alert').textContent).toContain('“Nightly”');
    await click(byRole(root, 'button', 'Dismiss'));
    expect(queryByRole(root, 'alert')).toBeNull();
  });

  it('generates a key: the secret shows focused, the key joins the list, Done hides it', async () => {
    const created = makeKey(5, { name: 'New one' });
    const api = fakeApi({ 'keys.sync': () => ({ ok: { keys: cachedKeys, syncedAt: NOW.toISOString() } }) });
    api.createKey = vi.fn(async () => ({ ok: { key: created, secret: 'wbk_s3cret' } }));
    const root = await mount(<PopupApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(byRole(root, 'textbox', 'Name'), 'New one');
    await submit(root.querySelector('form')!);
    const field = byRole(root, 'textbox', 'New API key') as HTMLInputElement;
    expect(field.value).toBe('wbk_s3cret');
    await flush();
    expect(document.activeElement).toBe(field);
    expect(names(root)[0]).toBe('New one');
    await click(byRole(root, 'button', 'Copy'));
    expect(api.copy).toHaveBeenCalledWith('wbk_s3cret');
    await click(byRole(root, 'button', 'Done'));
    expect(queryByRole(root, 'textbox', 'New API key')).toBeNull();
    expect(root.innerHTML).not.toContain('wbk_s3cret');
  });

  it('re-syncs the list when a create was interrupted, and says what to check', async () => {
    const api = fakeApi({ 'keys.sync': () => ({ ok: { keys: cachedKeys, syncedAt: NOW.toISOString() } }) });
    api.createKey = vi.fn(async () => ({
      error: { code: 'interrupted' as const, message: 'The background worker stopped before answering. Check the key list.' },
    }));
    const root = await mount(<PopupApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(byRole(root, 'textbox', 'Name'), 'Lost');
    await submit(root.querySelector('form')!);
    await flush();
    expect(byRole(root, 'alert').textContent).toContain('Check the key list');
    expect(api.sent.filter((r) => r.type === 'keys.sync')).toHaveLength(2);
  });

  it('deletes through a modal dialog that names the key, then removes the row', async () => {
    const api = fakeApi({
      'keys.sync': () => ({ ok: { keys: cachedKeys, syncedAt: NOW.toISOString() } }),
      'keys.delete': () => ({ ok: null }),
    });
    const root = await mount(<PopupApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Delete CI deploy'));
    const dialog = byRole(root, 'dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('CI deploy');
    // The rest of the popup is hidden from assistive tech while the dialog is open.
    expect(allByRole(root, 'button', 'Delete CI deploy')).toHaveLength(0);
    await click(byRole(dialog, 'button', 'Delete'));
    await flush();
    expect(api.sent).toContainEqual({ type: 'keys.delete', id: cachedKeys[0]!.id });
    expect(queryByRole(root, 'dialog')).toBeNull();
    expect(names(root)).toEqual(['Staging']);
    expect(document.activeElement?.classList.contains('rows')).toBe(true);
  });

  it('renames through the row field and shows the new name', async () => {
    const api = fakeApi({
      'keys.sync': () => ({ ok: { keys: cachedKeys, syncedAt: NOW.toISOString() } }),
      'keys.rename': (req) => ({ ok: { key: { ...cachedKeys[0]!, name: req.name } } }),
    });
    const root = await mount(<PopupApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Edit CI deploy'));
    const field = byRole(root, 'textbox', 'Name');
    await type(field, 'CI deploy v2');
    await press(field, 'Enter');
    await flush();
    expect(names(root)).toEqual(['CI deploy v2', 'Staging']);
    expect(queryByRole(root, 'textbox', 'Name')).toBeNull();
    expect(document.activeElement).toBe(byRole(root, 'button', 'Edit CI deploy v2'));
  });
});

describe('ConfirmDeleteDialog', () => {
  it('names the key, warns it cannot be undone, and Escape cancels', async () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn(async () => null);
    const root = await mount(<ConfirmDeleteDialog keyName="CI deploy" onConfirm={onConfirm} onCancel={onCancel} />);
    const dialog = byRole(root, 'dialog', 'Delete “CI deploy”?');
    expect(dialog.textContent).toContain('loses access immediately');
    expect(dialog.textContent).toContain("can't be undone");
    expect(document.activeElement).toBe(byRole(dialog, 'button', 'Cancel'));
    await press(dialog, 'Escape');
    expect(onCancel).toHaveBeenCalled();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('cancels on Escape and pulls Tab back in even while focus is outside it', async () => {
    const outside = document.body.appendChild(document.createElement('button'));
    const onCancel = vi.fn();
    const root = await mount(<ConfirmDeleteDialog keyName="K" onConfirm={async () => null} onCancel={onCancel} />);
    outside.focus();
    await press(outside, 'Tab');
    expect(document.activeElement).toBe(byRole(root, 'button', 'Delete'));
    outside.focus();
    await press(outside, 'Escape');
    expect(onCancel).toHaveBeenCalledOnce();
    outside.remove();
  });

  it('traps Tab inside the dialog', async () => {
    const root = await mount(<ConfirmDeleteDialog keyName="K" onConfirm={async () => null} onCancel={() => {}} />);
    const dialog = byRole(root, 'dialog');
    const del = byRole(dialog, 'button', 'Delete');
    const cancel = byRole(dialog, 'button', 'Cancel');
    cancel.focus();
    await press(cancel, 'Tab');
    expect(document.activeElement).toBe(del);
    await press(del, 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('shows a delete failure inside the dialog', async () => {
    const root = await mount(<ConfirmDeleteDialog keyName="K" onConfirm={async () => "Can't reach the key API."} onCancel={() => {}} />);
    await click(byRole(root, 'button', 'Delete'));
    expect(byRole(root, 'alert').textContent).toBe("Can't reach the key API.");
  });
});
