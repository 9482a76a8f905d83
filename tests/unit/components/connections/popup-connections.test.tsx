// @vitest-environment happy-dom
// The popup with several connections: the header names the one shown (text,
// not colour alone), switching mounts a fresh view that paints from that
// connection's cache only, a create finishes in the connection it started in,
// and a production connection asks for the key's name before Delete.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { PopupApp } from '../../../../components/PopupApp';
import { GenerateForm } from '../../../../components/GenerateForm';
import type { CachedList } from '../../../../components/api';
import type { Connection } from '../../../../lib/shared/settings/connections';
import type { CreateResult } from '../../../../lib/shared/messages/keys-create';
import { byRole, click, findByRole, flush, makeKey, mount, queryByRole, submit, type, unmountAll } from '../../../support/dom';
import { fakePopupApi } from '../../../support/page-api';

afterEach(unmountAll);

const A: Connection = {
  id: 'a',
  name: 'Acme staging',
  apiUrl: 'https://staging.example.com',
  colour: 'green',
  production: false,
  signIn: 'token',
  remember: false,
  managed: false,
};
const B: Connection = { ...A, id: 'b', name: 'Acme production', apiUrl: 'https://prod.example.com', colour: 'red', production: true };

const listOf = (connection: Connection, names: string[]): CachedList => ({
  keys: names.map((name, i) => makeKey(i + (connection.id === 'a' ? 1 : 100), { name })),
  syncedAt: '2026-11-26T11:00:00.000Z',
  apiUrl: connection.apiUrl,
});
const CACHES: Record<string, CachedList> = { a: listOf(A, ['A one', 'A two']), b: listOf(B, ['B one']) };
/** Lazy parts (the form, the dialog) load as chunks: wait for what should appear. */
async function until<T>(find: () => T | null, what: string): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = find();
    if (found) return found;
    await flush();
  }
  throw new Error(`Never appeared: ${what}`);
}
const shownNames = (root: HTMLElement) => Array.from(root.querySelectorAll('.key-name')).map((n) => n.textContent);

function setup(options: { syncs?: 'hang' | 'answer'; creates?: CreateResult[] } = {}) {
  const api = fakePopupApi({
    handlers: {
      'keys.sync': (req) =>
        options.syncs === 'hang'
          ? new Promise(() => {})
          : { ok: { keys: CACHES[req.connectionId ?? 'a']!.keys, syncedAt: '2026-11-26T12:00:00.000Z' } },
      'connections.select': () => ({ ok: null }),
      'keys.delete': () => ({ ok: null }),
      'preferences.get': () => ({ error: { code: 'internal', message: 'n/a' } }),
    },
    creates: options.creates ?? [],
  });
  api.readCache.mockImplementation(async (id) => CACHES[id ?? ''] ?? null);
  return api;
}

describe('popup with several connections', () => {
  it('names the connection shown, with PRODUCTION in words, and paints only its keys', async () => {
    const api = setup({ syncs: 'hang' });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: B }} />);
    await flush();
    expect(root.querySelector('.connection-name')?.textContent).toContain('Acme production');
    expect(root.querySelector('.production-label')?.textContent).toBe('PRODUCTION');
    expect(shownNames(root)).toEqual(['B one']);
    expect(api.readCache).toHaveBeenCalledWith('b');
    expect(api.readCache).not.toHaveBeenCalledWith('a');
    expect(api.sent.filter((r) => r.type === 'keys.sync')).toEqual([{ type: 'keys.sync', connectionId: 'b' }]);
  });

  it("switching paints the other connection's cache at once; nothing of the first is left, even before its sync", async () => {
    const api = setup({ syncs: 'hang' });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: A }} />);
    await flush();
    expect(shownNames(root)).toEqual(['A one', 'A two']);
    const select = (await findByRole(root, 'combobox', 'Switch connection')) as HTMLSelectElement;
    let during: (string | null)[] = [];
    await act(() => {
      select.value = 'b';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // The very first commit after the switch: B's header, no row of A.
    during = shownNames(root);
    expect(root.querySelector('.connection-name')?.textContent).toContain('Acme production');
    expect(during.some((n) => n?.startsWith('A '))).toBe(false);
    await flush();
    expect(shownNames(root)).toEqual(['B one']);
    expect(api.sent.filter((r) => r.type === 'connections.select')).toEqual([{ type: 'connections.select', id: 'b' }]);
  });

  it('Alt+2 switches to the second connection', async () => {
    const api = setup({ syncs: 'hang' });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: A }} />);
    await flush();
    await act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: '2', code: 'Digit2', altKey: true, bubbles: true }));
    });
    await flush();
    expect(root.querySelector('.connection-name')?.textContent).toContain('Acme production');
    expect(shownNames(root)).toEqual(['B one']);
  });

  it('a cached list written for another API (the connection was re-pointed) is not shown', async () => {
    const api = setup({ syncs: 'hang' });
    api.readCache.mockImplementation(async () => ({ ...CACHES.a!, apiUrl: 'https://elsewhere.example.com' }));
    const root = await mount(<PopupApp api={api} connections={{ connections: [A], current: A }} />);
    await flush();
    expect(shownNames(root)).toEqual([]);
  });

  it('a create started in A and answered after switching to B shows its secret named as A’s, and never in B’s list', async () => {
    let answer!: (r: CreateResult) => void;
    const api = setup({ syncs: 'hang' });
    api.createKey.mockImplementation((input) => {
      api.inputs.push(input);
      return new Promise((resolve) => (answer = resolve));
    });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: A }} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(await until(() => queryByRole(root, 'textbox', 'Name'), 'the Name field'), 'Made in A');
    await click(byRole(root, 'button', 'Generate'));
    expect(api.inputs[0]).toMatchObject({ name: 'Made in A', connectionId: 'a' });
    const select = (await findByRole(root, 'combobox', 'Switch connection')) as HTMLSelectElement;
    await act(() => {
      select.value = 'b';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => answer({ ok: { key: makeKey(7, { name: 'Made in A' }), secret: 'wbk_' + 'x'.repeat(38) } }));
    await flush();
    const reveal = byRole(root, 'region', 'Key generated in Acme staging');
    expect(reveal.textContent).toContain('This key was generated in “Acme staging”');
    expect((byRole(root, 'textbox', 'New API key') as HTMLInputElement).value).toMatch(/^wbk_/);
    expect(shownNames(root)).toEqual(['B one']);
  });

  it('the reveal in the same connection names it', async () => {
    const api = setup({ syncs: 'hang', creates: [{ ok: { key: makeKey(8, { name: 'New' }), secret: 'wbk_' + 'y'.repeat(38) } }] });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: A }} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(await until(() => queryByRole(root, 'textbox', 'Name'), 'the Name field'), 'New');
    await click(byRole(root, 'button', 'Generate'));
    await flush();
    expect(root.querySelector('.secret')?.textContent).toContain('In connection “Acme staging”');
  });

  it('in a production connection, Delete works only once the key’s name is typed', async () => {
    const api = setup({ syncs: 'hang' });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: B }} />);
    await flush();
    await click(byRole(root, 'button', 'Delete B one'));
    const dialog = await until(() => queryByRole(document.body, 'dialog'), 'the dialog');
    const del = byRole(dialog, 'button', 'Delete') as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    await type(byRole(dialog, 'textbox', "Type the key's name, “B one”, to confirm"), 'B on');
    expect(del.disabled).toBe(true);
    await click(del);
    expect(api.sent.some((r) => r.type === 'keys.delete')).toBe(false);
    await type(byRole(dialog, 'textbox', "Type the key's name, “B one”, to confirm"), 'B one');
    expect(del.disabled).toBe(false);
    await click(del);
    await flush();
    expect(api.sent.find((r) => r.type === 'keys.delete')).toEqual({ type: 'keys.delete', id: makeKey(100).id, connectionId: 'b' });
  });

  it('outside production, Delete asks for no typing', async () => {
    const api = setup({ syncs: 'hang' });
    const root = await mount(<PopupApp api={api} connections={{ connections: [A, B], current: A }} />);
    await flush();
    await click(byRole(root, 'button', 'Delete A one'));
    const dialog = await until(() => queryByRole(document.body, 'dialog'), 'the dialog');
    expect(queryByRole(dialog, 'textbox')).toBeNull();
    expect((byRole(dialog, 'button', 'Delete') as HTMLButtonElement).disabled).toBe(false);
  });

  it('with no connection yet, the popup says so and offers the options', async () => {
    const api = setup();
    const root = await mount(<PopupApp api={api} connections={{ connections: [], current: null }} />);
    expect(root.textContent).toContain('No connection yet');
    await click(byRole(root, 'button', 'Open options'));
    expect(api.openOptions).toHaveBeenCalled();
    expect(vi.mocked(api.send)).toBeDefined();
  });
});

describe('replace with no grace period in a production connection', () => {
  const old = makeKey(3, { name: 'Billing', expiresAt: '2027-06-01T00:00:00.000Z' });
  const render = (productionConnection?: string) => {
    const createKey = vi.fn(async () => ({ ok: { key: makeKey(9, { name: 'Billing' }), secret: 'wbk_z', replaced: old } }));
    const vnode = (
      <GenerateForm
        now={() => new Date('2026-11-26T12:00:00Z')}
        createKey={createKey}
        onOutcome={() => {}}
        onCancel={() => {}}
        replacing={old}
        timeZone="UTC"
        {...(productionConnection ? { productionConnection } : {})}
      />
    );
    return { createKey, vnode };
  };
  const noGrace = async (root: HTMLElement) => {
    const select = root.querySelector('select')!;
    await act(() => {
      select.value = '0';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  };

  it('asks for the old key’s name and sends nothing until it is typed', async () => {
    const f = render('Acme production');
    const root = await mount(f.vnode);
    // With a grace period there is nothing to type.
    expect(queryByRole(root, 'textbox', /to confirm/)).toBeNull();
    await noGrace(root);
    const confirm = byRole(root, 'textbox', "Type the key's name, “Billing”, to confirm");
    await submit(root.querySelector('form')!);
    expect(f.createKey).not.toHaveBeenCalled();
    expect(byRole(root, 'alert').textContent).toContain('Type the old key');
    await type(confirm, 'Billing');
    await submit(root.querySelector('form')!);
    expect(f.createKey).toHaveBeenCalledWith(expect.objectContaining({ replace: { id: old.id, graceSeconds: 0 } }));
  });

  it('outside production, no grace needs no typing', async () => {
    const f = render();
    const root = await mount(f.vnode);
    await noGrace(root);
    expect(queryByRole(root, 'textbox', /to confirm/)).toBeNull();
    await submit(root.querySelector('form')!);
    expect(f.createKey).toHaveBeenCalled();
  });
});
