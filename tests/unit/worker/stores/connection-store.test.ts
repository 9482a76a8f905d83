import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { originPattern, validateApiUrl } from '../../../../lib/shared/settings/url';
import { createConnectionStore, SETTINGS_KEY, TOKEN_KEY } from '../../../../lib/worker/stores/connection-store';

const TOKEN = 'admin-token-S3CRET-value';

describe('validateApiUrl', () => {
  it.each([
    ['https://keys.example.com', 'https://keys.example.com'],
    ['https://keys.example.com/', 'https://keys.example.com'],
    ['  https://Keys.Example.com/api/  ', 'https://keys.example.com/api'],
    ['https://keys.example.com:8443/api//', 'https://keys.example.com:8443/api'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000/', 'http://localhost:3000'],
  ])('accepts %s as %s', (input, expected) => {
    expect(validateApiUrl(input)).toEqual({ ok: true, apiUrl: expected });
  });

  it.each([
    ['', /Enter the key API URL/],
    ['keys.example.com', /not a URL/],
    ['http://keys.example.com', /Use https:\/\/ — plain http is only allowed for 127.0.0.1 and localhost\./],
    ['http://127.0.0.2', /plain http/],
    // The manifest grants 127.0.0.1 and localhost only: [::1] could pass here and then never be reachable.
    ['http://[::1]:8080', /Use http:\/\/127\.0\.0\.1:8080 for a key API on this machine/],
    ['ftp://keys.example.com', /https/],
    ['javascript:alert(1)', /https/],
    ['https://user:pw@keys.example.com', /user name and password/],
    ['https://keys.example.com/?a=1', /query/],
    ['https://keys.example.com/?', /query/],
    ['https://keys.example.com/#x', /fragment/],
  ])('refuses %j', (input, message) => {
    const result = validateApiUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('originPattern is scheme and host, no port (what the options page requests; Firefox never grants a ported pattern)', () => {
    expect(originPattern('https://keys.example.com:8443/api')).toBe('https://keys.example.com/*');
    expect(originPattern('https://keys.example.com/api')).toBe('https://keys.example.com/*');
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
  });
});

describe('connection store', () => {
  beforeEach(() => fakeBrowser.reset());
  const store = () => createConnectionStore();

  it('is empty at first', async () => {
    expect(await store().load()).toEqual({ state: 'none' });
  });

  it('keeps the token in session storage by default, settings in local', async () => {
    await store().save({ apiUrl: 'https://keys.example.com', credential: { kind: 'token', token: TOKEN }, remember: false });
    expect(await store().load()).toEqual({
      state: 'ok',
      apiUrl: 'https://keys.example.com',
      remember: false,
      method: 'token',
      credential: { kind: 'token', token: TOKEN },
    });
    expect((await browser.storage.session.get(TOKEN_KEY))[TOKEN_KEY]).toBe(TOKEN);
    const local = await browser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain(TOKEN);
    expect(local[SETTINGS_KEY]).toEqual({ version: 1, apiUrl: 'https://keys.example.com', remember: false, method: 'token' });
  });

  it('moves the token to local storage when remembered, and back', async () => {
    await store().save({ apiUrl: 'https://keys.example.com', credential: { kind: 'token', token: TOKEN }, remember: true });
    expect((await browser.storage.local.get(TOKEN_KEY))[TOKEN_KEY]).toBe(TOKEN);
    expect((await browser.storage.session.get(TOKEN_KEY))[TOKEN_KEY]).toBeUndefined();
    await store().save({ apiUrl: 'https://keys.example.com', credential: { kind: 'token', token: TOKEN }, remember: false });
    expect((await browser.storage.local.get(TOKEN_KEY))[TOKEN_KEY]).toBeUndefined();
    expect((await browser.storage.session.get(TOKEN_KEY))[TOKEN_KEY]).toBe(TOKEN);
  });

  it('reports a missing session token (browser restarted) as credential null', async () => {
    await store().save({ apiUrl: 'https://keys.example.com', credential: { kind: 'token', token: TOKEN }, remember: false });
    await browser.storage.session.remove(TOKEN_KEY);
    expect(await store().load()).toMatchObject({ state: 'ok', credential: null });
  });

  it.each([
    ['a string', 'https://keys.example.com'],
    ['a wrong version', { version: 2, apiUrl: 'https://keys.example.com', remember: false }],
    ['a missing field', { version: 1, apiUrl: 'https://keys.example.com' }],
    ['an http URL', { version: 1, apiUrl: 'http://evil.example', remember: false }],
    ['an unnormalized URL', { version: 1, apiUrl: 'https://keys.example.com/', remember: false }],
  ])('treats %s as corrupt, with a clear message', async (_, value) => {
    await browser.storage.local.set({ [SETTINGS_KEY]: value });
    const loaded = await store().load();
    expect(loaded.state).toBe('corrupt');
    if (loaded.state === 'corrupt') expect(loaded.message).toMatch(/could not be read.*Connect again in Options/);
  });

  it('clear forgets settings and the token in both areas', async () => {
    await store().save({ apiUrl: 'https://keys.example.com', credential: { kind: 'token', token: TOKEN }, remember: true });
    await browser.storage.session.set({ [TOKEN_KEY]: TOKEN });
    await store().clear();
    expect(await store().load()).toEqual({ state: 'none' });
    expect(await browser.storage.local.get(null)).toEqual({});
    expect(await browser.storage.session.get(null)).toEqual({});
  });
});
