import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { originPattern, validateApiUrl } from '../../../../lib/shared/settings/url';
import {
  createConnectionStore,
  credentialKey,
  LEGACY_SETTINGS_KEY,
  LEGACY_TOKEN_KEY,
  MIGRATED_ID,
  type StorageAreas,
} from '../../../../lib/worker/stores/connection-store';
import { CONNECTIONS_KEY, CURRENT_KEY, type StoredConnection } from '../../../../lib/shared/settings/connections';

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
  const store = (managed?: StorageAreas['managed']) =>
    createConnectionStore({ local: browser.storage.local, session: browser.storage.session, ...(managed ? { managed } : {}) });
  const staging: Omit<StoredConnection, 'id'> = {
    name: 'Acme staging',
    apiUrl: 'https://staging.example.com',
    colour: 'green',
    production: false,
    signIn: 'token',
    remember: false,
  };
  const policy = (value: unknown) => ({ get: async () => value as Record<string, unknown> });

  it('is empty at first', async () => {
    expect(await store().list()).toEqual({ connections: [], currentId: null, problems: [] });
    expect(await store().load()).toEqual({ state: 'none' });
  });

  it('keeps each connection without its secret in local, the token in session by default, per connection', async () => {
    const s = store();
    await s.saveConnection('a', staging);
    await s.saveConnection('b', { ...staging, name: 'Acme production', apiUrl: 'https://prod.example.com', production: true });
    await s.saveCredential('a', { kind: 'token', token: TOKEN }, false);
    await s.saveCredential('b', { kind: 'token', token: `${TOKEN}-b` }, false);
    expect(await s.load('a')).toMatchObject({ state: 'ok', apiUrl: 'https://staging.example.com', credential: { kind: 'token', token: TOKEN } });
    expect(await s.load('b')).toMatchObject({ state: 'ok', connection: { production: true }, credential: { token: `${TOKEN}-b` } });
    // The first saved is current until another is selected.
    expect(await s.load()).toMatchObject({ connection: { id: 'a' } });
    await s.select('b');
    expect((await s.list()).currentId).toBe('b');
    expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain(TOKEN);
    expect((await browser.storage.session.get(credentialKey('a')))[credentialKey('a')]).toEqual({ kind: 'token', token: TOKEN });
  });

  it('moves the credential to local storage when remembered, and back', async () => {
    const s = store();
    await s.saveConnection('a', { ...staging, remember: true });
    await s.saveCredential('a', { kind: 'token', token: TOKEN }, true);
    expect((await browser.storage.local.get(credentialKey('a')))[credentialKey('a')]).toEqual({ kind: 'token', token: TOKEN });
    expect(await browser.storage.session.get(null)).toEqual({});
    await s.saveCredential('a', { kind: 'token', token: TOKEN }, false);
    expect((await browser.storage.local.get(credentialKey('a')))[credentialKey('a')]).toBeUndefined();
  });

  it('a damaged credential, or one of the other sign-in kind, reads as none', async () => {
    const s = store();
    await s.saveConnection('a', staging);
    await browser.storage.session.set({ [credentialKey('a')]: { kind: 'token', token: '' } });
    expect(await s.load('a')).toMatchObject({ state: 'ok', credential: null });
    await browser.storage.session.set({
      [credentialKey('a')]: {
        kind: 'sso',
        session: {
          issuer: 'i',
          clientId: 'c',
          accessToken: 'x',
          refreshToken: null,
          receivedAt: 1,
          expiresAt: 2,
          person: { sub: 's', email: null, name: null },
        },
      },
    });
    expect(await s.load('a')).toMatchObject({ state: 'ok', credential: null });
  });

  it.each([
    ['a string', 'nope'],
    ['a wrong version', { version: 2, connections: [] }],
    ['an http URL', { version: 1, connections: [{ id: 'a', ...staging, apiUrl: 'http://evil.example' }] }],
    ['an unnormalized URL', { version: 1, connections: [{ id: 'a', ...staging, apiUrl: 'https://staging.example.com/' }] }],
    ['an id with a slash', { version: 1, connections: [{ id: 'a/b', ...staging }] }],
    [
      'two connections with one id',
      {
        version: 1,
        connections: [
          { id: 'a', ...staging },
          { id: 'a', ...staging },
        ],
      },
    ],
    ['an unknown colour', { version: 1, connections: [{ id: 'a', ...staging, colour: '#ff0000' }] }],
    ['an extra field', { version: 1, connections: [{ id: 'a', ...staging, token: TOKEN }] }],
  ])('reports %s as damaged and trusts none of it', async (_, value) => {
    await browser.storage.local.set({ [CONNECTIONS_KEY]: value });
    const list = await store().list();
    expect(list.connections).toEqual([]);
    expect(list.problems).toEqual([expect.stringMatching(/could not be read and were ignored/)]);
    expect(await store().load()).toMatchObject({ state: 'corrupt' });
  });

  it('remove forgets the connection and its credential in both areas, and picks another current one', async () => {
    const s = store();
    await s.saveConnection('a', staging);
    await s.saveConnection('b', { ...staging, name: 'Other' });
    await s.saveCredential('a', { kind: 'token', token: TOKEN }, true);
    await browser.storage.session.set({ [credentialKey('a')]: { kind: 'token', token: TOKEN } });
    await s.remove('a');
    expect((await s.list()).connections.map((c) => c.id)).toEqual(['b']);
    expect((await s.list()).currentId).toBe('b');
    expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain(TOKEN);
    expect(await browser.storage.session.get(null)).toEqual({});
    await expect(s.remove('a')).rejects.toThrow(/no longer exists/);
  });

  it('an SSO session follows the same rule per connection, refreshes into its own connection only, and drops alone', async () => {
    const s = store();
    const session = {
      issuer: 'https://id.example.com',
      clientId: 'workbase',
      accessToken: 'sso-access-S3CRET',
      refreshToken: 'sso-refresh-S3CRET',
      receivedAt: 1,
      expiresAt: 2,
      person: { sub: 'alice', email: 'alice@example.com', name: 'Alice' },
    };
    await s.saveConnection('a', { ...staging, signIn: 'sso' });
    await s.saveConnection('b', { ...staging, name: 'B', signIn: 'sso' });
    await s.saveCredential('a', { kind: 'sso', session }, false);
    await s.saveCredential('b', { kind: 'sso', session: { ...session, refreshToken: 'other' } }, false);
    expect(await s.load('a')).toMatchObject({ state: 'ok', method: 'sso', credential: { kind: 'sso', session } });
    expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain('S3CRET');
    const next = { ...session, accessToken: 'sso-access-2', refreshToken: 'sso-refresh-2' };
    expect(await s.updateSso('a', session, next)).toBe(true);
    expect(await s.load('a')).toMatchObject({ credential: { session: next } });
    // An old session never overwrites a newer one (another sign-in or refresh won).
    expect(await s.updateSso('a', session, { ...session, accessToken: 'stale' })).toBe(false);
    expect(await s.load('b')).toMatchObject({ credential: { session: { refreshToken: 'other' } } });
    await s.dropCredential('a');
    expect(await s.load('a')).toMatchObject({ state: 'ok', method: 'sso', credential: null });
    expect(await s.load('b')).toMatchObject({ credential: { kind: 'sso' } });
  });

  describe('migration of the single connection of before', () => {
    it('an SSO connection keeps its session', async () => {
      const session = {
        issuer: 'https://id.example.com',
        clientId: 'workbase',
        accessToken: 'sso-access-S3CRET',
        refreshToken: null,
        receivedAt: 1,
        expiresAt: 2,
        person: { sub: 'alice', email: null, name: null },
      };
      await browser.storage.local.set({ [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: 'https://keys.example.com', remember: false, method: 'sso' } });
      await browser.storage.session.set({ 'connection.sso.v1': session });
      expect(await store().load()).toMatchObject({ state: 'ok', method: 'sso', connection: { signIn: 'sso' }, credential: { kind: 'sso', session } });
      expect(await browser.storage.session.get('connection.sso.v1')).toEqual({});
    });

    it('becomes the first connection with its token and its "remember" choice', async () => {
      await browser.storage.local.set({
        [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: 'https://keys.example.com', remember: true },
        [LEGACY_TOKEN_KEY]: TOKEN,
      });
      const s = store();
      expect(await s.migrate()).toBe(MIGRATED_ID);
      expect(await s.load()).toMatchObject({
        state: 'ok',
        connection: {
          id: MIGRATED_ID,
          name: 'keys.example.com',
          apiUrl: 'https://keys.example.com',
          production: false,
          remember: true,
          managed: false,
        },
        credential: { kind: 'token', token: TOKEN },
      });
      // The old keys are gone, and the token stayed on the disk it was on ("remember").
      const local = await browser.storage.local.get(null);
      expect(local[LEGACY_SETTINGS_KEY]).toBeUndefined();
      expect(local[LEGACY_TOKEN_KEY]).toBeUndefined();
      expect(local[credentialKey(MIGRATED_ID)]).toEqual({ kind: 'token', token: TOKEN });
      expect(local[CURRENT_KEY]).toBe(MIGRATED_ID);
      // Runs once: a second store finds the new list and does nothing.
      expect(await store().migrate()).toBeNull();
    });

    it('keeps a session-only token in session storage', async () => {
      await browser.storage.local.set({ [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: 'https://keys.example.com', remember: false } });
      await browser.storage.session.set({ [LEGACY_TOKEN_KEY]: TOKEN });
      expect(await store().load()).toMatchObject({ state: 'ok', remember: false, credential: { token: TOKEN } });
      expect(await browser.storage.session.get(null)).toEqual({ [credentialKey(MIGRATED_ID)]: { kind: 'token', token: TOKEN } });
      expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain(TOKEN);
    });

    it('a session token already gone (browser restarted) still migrates the connection, without a credential', async () => {
      await browser.storage.local.set({ [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: 'https://keys.example.com', remember: false } });
      expect(await store().load()).toMatchObject({ state: 'ok', connection: { id: MIGRATED_ID }, credential: null });
    });

    it.each([
      ['a string', 'https://keys.example.com'],
      ['a missing field', { version: 1, apiUrl: 'https://keys.example.com' }],
      ['an http URL', { version: 1, apiUrl: 'http://evil.example', remember: false }],
    ])('damaged old settings (%s) are reported, not migrated', async (_, value) => {
      await browser.storage.local.set({ [LEGACY_SETTINGS_KEY]: value, [LEGACY_TOKEN_KEY]: TOKEN });
      const list = await store().list();
      expect(list.connections).toEqual([]);
      expect(list.problems).toEqual([expect.stringMatching(/could not be read.*Connect again in Options/)]);
      expect((await browser.storage.local.get(CONNECTIONS_KEY))[CONNECTIONS_KEY]).toBeUndefined();
    });
  });

  describe('managed connections (the organization policy)', () => {
    const prod = { id: 'prod', name: 'Acme production', apiUrl: 'https://prod.example.com', colour: 'red', production: true };

    it("come first, locked, with ids that cannot collide with the admin's own", async () => {
      const s = store(policy({ connections: [prod] }));
      await s.saveConnection('a', staging);
      const { connections, problems } = await s.list();
      expect(problems).toEqual([]);
      expect(connections.map((c) => [c.id, c.managed])).toEqual([
        ['org-prod', true],
        ['a', false],
      ]);
      expect(connections[0]).toMatchObject({ name: 'Acme production', production: true, colour: 'red', signIn: 'token' });
      await expect(s.remove('org-prod')).rejects.toThrow(/set by your organization/);
    });

    it('only "remember" of a managed connection is this device\'s to change', async () => {
      const s = store(policy({ connections: [prod] }));
      await s.saveConnection('org-prod', { ...staging, name: 'Hijacked', remember: true });
      expect((await s.list()).connections[0]).toMatchObject({ name: 'Acme production', apiUrl: 'https://prod.example.com', remember: true });
    });

    it.each([
      ['a string', 'nope'],
      ['a bad URL', { connections: [{ ...prod, apiUrl: 'http://prod.example.com' }] }],
      ['a missing name', { connections: [{ id: 'x', apiUrl: 'https://prod.example.com' }] }],
      ['an unknown field', { connections: [{ ...prod, token: 'x' }] }],
      ['one id twice', { connections: [prod, prod] }],
    ])('a policy with %s is ignored whole, with a message, and nothing else breaks', async (_, value) => {
      const s = store(policy(value));
      await s.saveConnection('a', staging);
      const { connections, problems } = await s.list();
      expect(connections.map((c) => c.id)).toEqual(['a']);
      expect(problems).toEqual([expect.stringMatching(/organization's connection policy .*ignored/)]);
    });

    it('a browser without a policy (Firefox rejects the read) is no policy', async () => {
      const s = store({ get: () => Promise.reject(new Error('Managed storage manifest not found')) });
      expect(await s.list()).toEqual({ connections: [], currentId: null, problems: [] });
    });
  });
});
