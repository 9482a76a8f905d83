// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { OptionsApp } from '../../../components/OptionsApp';
import { checkApiUrl } from '../../../components/ConnectionForm';
import type { OptionsApi } from '../../../components/api';
import { byRole, click, flush, mount, queryByRole, submit, type, unmountAll } from '../../support/dom';
import type { AnyRequest } from '../../../lib/shared/messages';
import { fakeSend } from '../../support/page-api';

afterEach(unmountAll);

const SAVED = {
  id: 'c1',
  name: 'Acme staging',
  apiUrl: 'https://keys.example.com',
  colour: 'blue',
  production: false,
  signIn: 'token',
  remember: true,
  managed: false,
  hasCredential: true,
} as const;

function fakeApi(opts: { granted?: boolean; grant?: boolean; connect?: unknown; list?: unknown[]; problems?: string[] } = {}) {
  let connections = opts.list ?? [];
  const sent: AnyRequest[] = [];
  const order: string[] = [];
  const api: OptionsApi = {
    send: fakeSend(async (req: AnyRequest) => {
      sent.push(req);
      order.push(req.type);
      if (req.type === 'connections.list') {
        return { ok: { connections, currentId: (connections[0] as { id?: string } | undefined)?.id ?? null, problems: opts.problems ?? [] } };
      }
      if (req.type === 'connection.connect') {
        if (!opts.connect) connections = [{ ...SAVED, id: 'c-new', apiUrl: req.apiUrl, name: req.name || 'new' }];
        return opts.connect ?? { ok: { keyCount: 3, connectionId: 'c-new' } };
      }
      if (req.type === 'connection.disconnect') {
        connections = connections.map((c) => ({ ...(c as object), hasCredential: false }));
        return { ok: null };
      }
      if (req.type === 'connections.remove') {
        connections = connections.filter((c) => (c as { id: string }).id !== req.id);
        return { ok: null };
      }
      return { error: { code: 'internal', message: 'unexpected' } };
    }),
    permissions: {
      contains: vi.fn(async () => {
        order.push('contains');
        return opts.granted ?? false;
      }),
      request: vi.fn(async () => {
        order.push('request');
        return opts.grant ?? true;
      }),
    },
  };
  return { api, sent, order };
}

/** Dispatches submit and reports whether `request` ran inside the handler, before its first await (Firefox ends the gesture there). */
async function submitRequestsAtOnce(form: HTMLFormElement, request: ReturnType<typeof vi.fn>): Promise<boolean> {
  let atOnce = false;
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    atOnce = request.mock.calls.length > 0;
  });
  await flush();
  return atOnce;
}

async function fill(root: HTMLElement, url: string, token: string) {
  await type(byRole(root, 'textbox', 'API URL'), url);
  await type(byRole(root, 'textbox', 'Admin token'), token);
}

describe('checkApiUrl', () => {
  it('requires https except on loopback', () => {
    expect(checkApiUrl('https://keys.example.com/base')).toMatchObject({ ok: true, loopback: false, originPattern: 'https://keys.example.com/*' });
    expect(checkApiUrl('https://keys.example.com:8443')).toMatchObject({ ok: true, originPattern: 'https://keys.example.com/*' });
    for (const u of ['http://127.0.0.1:8787', 'http://localhost:3000']) expect(checkApiUrl(u)).toMatchObject({ ok: true, loopback: true });
    expect(checkApiUrl('https://localhost:8443')).toMatchObject({ ok: true, loopback: false, originPattern: 'https://localhost/*' });
    expect(checkApiUrl('http://keys.example.com').ok).toBe(false);
    expect(checkApiUrl('http://[::1]:8787')).toMatchObject({ ok: false, message: expect.stringMatching(/127\.0\.0\.1:8787/) });
    expect(checkApiUrl('ftp://keys.example.com').ok).toBe(false);
    expect(checkApiUrl('keys.example.com').ok).toBe(false);
    expect(checkApiUrl('').ok).toBe(false);
    expect(checkApiUrl('https://admin:tok@keys.example.com').ok).toBe(false);
  });
});

describe('OptionsApp', () => {
  it('has the labelled controls and explains Remember', async () => {
    const { api } = fakeApi();
    const root = await mount(<OptionsApp api={api} />);
    expect(byRole(root, 'textbox', 'Admin token').getAttribute('type')).toBe('password');
    const remember = byRole(root, 'checkbox', 'Remember on this device');
    const help = document.getElementById(remember.getAttribute('aria-describedby')!)!;
    expect(help.textContent).toContain("Keeps the token on this device's disk");
    byRole(root, 'button', 'Connect');
    byRole(root, 'button', 'Disconnect');
  });

  it('prefills the URL and remember flag, never the token', async () => {
    const { api } = fakeApi({ list: [SAVED] });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    expect((byRole(root, 'textbox', 'API URL') as HTMLInputElement).value).toBe('https://keys.example.com');
    expect((byRole(root, 'checkbox', 'Remember on this device') as HTMLInputElement).checked).toBe(true);
    expect((byRole(root, 'textbox', 'Admin token') as HTMLInputElement).value).toBe('');
    expect(root.textContent).toContain('A token is saved');
  });

  it('asks for the origin permission (no port) before awaiting anything, then connects and says how many keys', async () => {
    const { api, sent, order } = fakeApi({ grant: true });
    const root = await mount(<OptionsApp api={api} />);
    await fill(root, 'https://keys.example.com:8443/v1', 'tok');
    await click(byRole(root, 'checkbox', 'Remember on this device'));
    expect(await submitRequestsAtOnce(root.querySelector('form')!, vi.mocked(api.permissions.request))).toBe(true);
    await flush();
    expect(api.permissions.request).toHaveBeenCalledWith(['https://keys.example.com/*']);
    // The settings section loads its own preferences; the connect flow's order is what matters here.
    expect(order.filter((step) => !['connections.list', 'preferences.get', 'auth.status', 'auth.config', 'contains'].includes(step))).toEqual([
      'request',
      'connection.connect',
    ]);
    expect(sent.find((r) => r.type === 'connection.connect')).toEqual({
      type: 'connection.connect',
      name: '',
      colour: 'blue',
      production: false,
      apiUrl: 'https://keys.example.com:8443/v1',
      adminToken: 'tok',
      remember: true,
    });
    expect(byRole(root, 'status').textContent).toBe('Connected: 3 keys');
    expect((byRole(root, 'textbox', 'Admin token') as HTMLInputElement).value).toBe('');
  });

  it('asks no permission for loopback: the manifest grants it', async () => {
    const b = fakeApi();
    const root = await mount(<OptionsApp api={b.api} />);
    await fill(root, 'http://127.0.0.1:8787', 'tok');
    await submit(root.querySelector('form')!);
    expect(b.api.permissions.request).not.toHaveBeenCalled();
    expect(byRole(root, 'status').textContent).toBe('Connected: 3 keys');
  });

  it('stops with an alert when the permission is refused', async () => {
    const { api, sent } = fakeApi({ granted: false, grant: false });
    const root = await mount(<OptionsApp api={api} />);
    await fill(root, 'https://keys.example.com', 'tok');
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toMatch(/not granted/);
    expect(sent.some((r) => r.type === 'connection.connect')).toBe(false);
  });

  it('refuses plain http to a remote host before any request', async () => {
    const { api, sent } = fakeApi();
    const root = await mount(<OptionsApp api={api} />);
    await fill(root, 'http://keys.example.com', 'tok');
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toMatch(/https/);
    expect(api.permissions.request).not.toHaveBeenCalled();
    expect(sent.map((r) => r.type).filter((type) => type !== 'preferences.get' && type !== 'auth.status')).toEqual(['connections.list']);
  });

  it('asks for notifications before awaiting anything when reminders are switched on', async () => {
    const { api } = fakeApi();
    const request = vi.fn(async () => true);
    api.notifications = { contains: vi.fn(async () => false), request };
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    const box = byRole(root, 'checkbox', 'Remind me before keys expire') as HTMLInputElement;
    let atOnce = false;
    await act(() => {
      box.click();
      atOnce = request.mock.calls.length > 0;
    });
    await flush();
    expect(atOnce).toBe(true);
    expect(box.checked).toBe(true);
  });

  it('shows the connect error', async () => {
    const { api } = fakeApi({ connect: { error: { code: 'unauthorized', message: 'The server rejected the admin token.' } } });
    const root = await mount(<OptionsApp api={api} />);
    await fill(root, 'http://localhost:8787', 'bad');
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toBe('The server rejected the admin token.');
    expect(queryByRole(root, 'status')?.textContent).toBe('');
  });

  it('disconnects and says what was forgotten', async () => {
    const { api, sent } = fakeApi({ list: [{ ...SAVED, apiUrl: 'http://localhost:8787' }] });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Disconnect'));
    await flush();
    expect(sent.find((r) => r.type === 'connection.disconnect')).toEqual({ type: 'connection.disconnect', connectionId: 'c1' });
    expect(byRole(root, 'status').textContent).toBe('Disconnected. The token and cached keys of this connection were forgotten.');
    expect(root.textContent).not.toContain('A token is saved');
  });
});

describe('OptionsApp with several connections', () => {
  const prod = { ...SAVED, id: 'org-prod', name: 'Acme production', apiUrl: 'https://prod.example.com', production: true, managed: true };

  it("lists them with their labels; an organization's connection is locked and can't be removed", async () => {
    const { api } = fakeApi({ list: [prod, SAVED] });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    const list = byRole(root, 'list', 'Connections');
    expect(list.textContent).toContain('Acme production');
    expect(list.textContent).toContain('PRODUCTION');
    expect(list.textContent).toContain('Set by your organization');
    // The current one (the managed one) is edited below: fields read-only, no Remove.
    expect((byRole(root, 'textbox', 'API URL') as HTMLInputElement).readOnly).toBe(true);
    expect(queryByRole(root, 'button', 'Remove connection')).toBeNull();
    await click(byRole(root, 'button', 'Edit Acme staging'));
    expect((byRole(root, 'textbox', 'API URL') as HTMLInputElement).readOnly).toBe(false);
    byRole(root, 'button', 'Remove connection');
  });

  it('warns when another connection already uses the URL, and still connects', async () => {
    const { api, sent } = fakeApi({ list: [SAVED] });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Add connection'));
    await type(byRole(root, 'textbox', 'Connection name'), 'Acme staging (viewer)');
    await fill(root, 'https://keys.example.com/', 'tok');
    expect(root.textContent).toContain('“Acme staging” already uses this API URL');
    await submit(root.querySelector('form')!);
    expect(sent.find((r) => r.type === 'connection.connect')).toMatchObject({ name: 'Acme staging (viewer)', apiUrl: 'https://keys.example.com/' });
    expect('connectionId' in sent.find((r) => r.type === 'connection.connect')!).toBe(false);
  });

  it('removing asks once more, then forgets the connection', async () => {
    const { api, sent } = fakeApi({ list: [SAVED] });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Remove connection'));
    expect(sent.some((r) => r.type === 'connections.remove')).toBe(false);
    await click(byRole(root, 'button', 'Remove “Acme staging”'));
    await flush();
    expect(sent.find((r) => r.type === 'connections.remove')).toEqual({ type: 'connections.remove', id: 'c1' });
    await flush();
    expect(byRole(root, 'status').textContent).toMatch(/Removed “Acme staging”/);
    expect(root.querySelector('h2#new-form-title')?.textContent).toBe('New connection');
  });

  it('shows an unreadable organization policy, and everything else still works', async () => {
    const { api } = fakeApi({
      list: [SAVED],
      problems: ["Your organization's connection policy could not be read and was ignored: bad. Ask your IT team to correct it."],
    });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    const alert = root.querySelector('.connection-problems');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toMatch(/policy could not be read and was ignored/);
    byRole(root, 'list', 'Connections');
  });
});
