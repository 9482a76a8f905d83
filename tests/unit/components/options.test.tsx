// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
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

async function fill(root: HTMLElement, url: string, token: string) {
  await type(byRole(root, 'textbox', 'API URL'), url);
  await type(byRole(root, 'textbox', 'Admin token'), token);
}

describe('checkApiUrl', () => {
  it('requires https except on loopback', () => {
    expect(checkApiUrl('https://keys.example.com/base')).toMatchObject({ ok: true, loopback: false, originPattern: 'https://keys.example.com/*' });
    expect(checkApiUrl('https://keys.example.com:8443')).toMatchObject({ ok: true, originPattern: 'https://keys.example.com:8443/*' });
    for (const u of ['http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:8787']) expect(checkApiUrl(u)).toMatchObject({ ok: true, loopback: true });
    expect(checkApiUrl('http://keys.example.com').ok).toBe(false);
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

  it('asks for the origin permission only when missing, then connects and says how many keys', async () => {
    const { api, sent, order } = fakeApi({ granted: false, grant: true });
    const root = await mount(<OptionsApp api={api} />);
    await fill(root, 'https://keys.example.com:8443/v1', 'tok');
    await click(byRole(root, 'checkbox', 'Remember on this device'));
    await submit(root.querySelector('form')!);
    await flush();
    expect(api.permissions.contains).toHaveBeenCalledWith(['https://keys.example.com:8443/*']);
    expect(api.permissions.request).toHaveBeenCalledWith(['https://keys.example.com:8443/*']);
    // The settings section loads its own preferences; the connect flow's order is what matters here.
    expect(order.filter((step) => step !== 'connection.get' && step !== 'preferences.get')).toEqual(['contains', 'request', 'connection.connect']);
    expect(sent.at(-1)).toEqual({ type: 'connection.connect', apiUrl: 'https://keys.example.com:8443/v1', adminToken: 'tok', remember: true });
    expect(byRole(root, 'status').textContent).toBe('Connected: 3 keys');
    expect((byRole(root, 'textbox', 'Admin token') as HTMLInputElement).value).toBe('');
  });

  it('does not request a permission it already has, nor any for loopback', async () => {
    const a = fakeApi({ granted: true });
    let root = await mount(<OptionsApp api={a.api} />);
    await fill(root, 'https://keys.example.com', 'tok');
    await submit(root.querySelector('form')!);
    expect(a.api.permissions.request).not.toHaveBeenCalled();
    await unmountAll();
    const b = fakeApi();
    root = await mount(<OptionsApp api={b.api} />);
    await fill(root, 'http://127.0.0.1:8787', 'tok');
    await submit(root.querySelector('form')!);
    expect(b.api.permissions.contains).not.toHaveBeenCalled();
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
    expect(api.permissions.contains).not.toHaveBeenCalled();
    expect(sent.map((r) => r.type).filter((type) => type !== 'preferences.get')).toEqual(['connection.get']);
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
