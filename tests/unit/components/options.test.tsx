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

function fakeApi(opts: { granted?: boolean; grant?: boolean; connect?: unknown; get?: unknown } = {}) {
  const sent: AnyRequest[] = [];
  const order: string[] = [];
  const api: OptionsApi = {
    send: fakeSend(async (req: AnyRequest) => {
      sent.push(req);
      order.push(req.type);
      if (req.type === 'connection.get') return opts.get ?? { ok: null };
      if (req.type === 'connection.connect') return opts.connect ?? { ok: { keyCount: 3 } };
      if (req.type === 'connection.disconnect') return { ok: null };
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
    const { api } = fakeApi({ get: { ok: { apiUrl: 'https://keys.example.com', remember: true, hasToken: true } } });
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
    expect(order.filter((step) => !['connection.get', 'preferences.get', 'auth.status'].includes(step))).toEqual(['request', 'connection.connect']);
    expect(sent.at(-1)).toEqual({ type: 'connection.connect', apiUrl: 'https://keys.example.com:8443/v1', adminToken: 'tok', remember: true });
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
    expect(sent.map((r) => r.type).filter((type) => type !== 'preferences.get' && type !== 'auth.status')).toEqual(['connection.get']);
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
    const { api, sent } = fakeApi({ get: { ok: { apiUrl: 'http://localhost:8787', remember: false, hasToken: true } } });
    const root = await mount(<OptionsApp api={api} />);
    await flush();
    await click(byRole(root, 'button', 'Disconnect'));
    expect(sent.at(-1)).toEqual({ type: 'connection.disconnect' });
    expect(byRole(root, 'status').textContent).toBe('Disconnected. The token and cached keys were forgotten.');
    expect(root.textContent).not.toContain('A token is saved');
  });
});
