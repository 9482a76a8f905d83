// Several connections in one worker: each its own credential, cache, sync,
// badge share and reminders; a create finishes where it started; removing
// forgets; the single connection of before migrates with everything kept.
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { handleCreatePort, type PortLike } from '../../../lib/worker/create-port';
import { CREATE_PORT, type CreateResult } from '../../../lib/shared/messages/keys-create';
import { credentialKey, LEGACY_SETTINGS_KEY, LEGACY_TOKEN_KEY, MIGRATED_ID } from '../../../lib/worker/stores/connection-store';
import { createExpiryChecker } from '../../../lib/worker/expiry-check';
import { openKeysCache } from '../../../lib/worker/stores/keys-cache';
import { SENT_LOG_KEY } from '../../../lib/shared/expiry/reminders';
import { key } from '../../support/keys';
import {
  API,
  FakeApi,
  OTHER_API,
  SENDER,
  TOKEN,
  api,
  cached,
  connect,
  ctx,
  expectNoSecrets,
  idbFactory,
  installWorkerEnv,
  send,
} from '../../support/worker-env';

installWorkerEnv();

class FakePort implements PortLike {
  name = CREATE_PORT;
  sender = SENDER;
  posted: CreateResult[] = [];
  private listeners: ((m: unknown) => void)[] = [];
  onMessage = { addListener: (f: (m: unknown) => void) => void this.listeners.push(f) };
  onDisconnect = { addListener: () => {} };
  postMessage(message: CreateResult) {
    this.posted.push(JSON.parse(JSON.stringify(message)) as CreateResult);
  }
  disconnect() {}
  send(message: unknown) {
    for (const f of this.listeners) f(message);
  }
}

/** A second key API on OTHER_API with its own keys and token; the worker's fetch goes to the API the URL names. */
let other: FakeApi;
beforeEach(() => {
  other = new FakeApi();
  other.token = `${TOKEN}-other`;
  other.nextId = 5000;
  ctx.deps.fetch = (url, init) => (url.startsWith(OTHER_API) ? other.fetch(url, init) : api.fetch(url, init));
});

async function twoConnections(): Promise<{ a: string; b: string }> {
  for (let i = 1; i <= 2; i++) api.keys.set(key(i).id, key(i, { name: `A key ${i}` }));
  for (let i = 3; i <= 5; i++) other.keys.set(key(i).id, key(i, { name: `B key ${i}` }));
  const a = ok<{ connectionId: string }>(await connect({ name: 'Staging' }));
  const b = ok<{ connectionId: string }>(await connect({ name: 'Production', apiUrl: OTHER_API, adminToken: other.token, production: true }));
  return { a: a.connectionId, b: b.connectionId };
}

const names = (keys: readonly { name: string }[]) => keys.map((k) => k.name).sort();
/** The ok value of a reply (the router's replies are a union of every message's). */
function ok<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) throw new Error(`not ok: ${JSON.stringify(reply)}`);
  return reply.ok as T;
}

describe('several connections', () => {
  it('each syncs into its own cache, with its own token; the last connected is current', async () => {
    const { a, b } = await twoConnections();
    expect(names((await cached(a)).keys)).toEqual(['A key 1', 'A key 2']);
    expect(names((await cached(b)).keys)).toEqual(['B key 3', 'B key 4', 'B key 5']);
    const syncA = await send({ type: 'keys.sync', connectionId: a });
    expect(names(ok<{ keys: { name: string }[] }>(syncA).keys)).toEqual(['A key 1', 'A key 2']);
    const list = await send({ type: 'connections.list' });
    expect(list).toMatchObject({
      ok: {
        currentId: b,
        problems: [],
        connections: [
          { id: a, name: 'Staging', production: false, hasCredential: true, managed: false },
          { id: b, name: 'Production', production: true, hasCredential: true },
        ],
      },
    });
    await expectNoSecrets(list);
  });

  it('an unreachable connection fails alone: the other still syncs', async () => {
    const { a, b } = await twoConnections();
    other.override = () => {
      throw new TypeError('Failed to fetch');
    };
    const failing = await send({ type: 'keys.sync', connectionId: b });
    expect('error' in failing && failing.error.code).toBe('unreachable');
    const working = await send({ type: 'keys.sync', connectionId: a });
    expect(ok<{ keys: unknown[] }>(working).keys).toHaveLength(2);
  });

  it('a create named for A is made in A, whichever is current, and finishes there after a switch', async () => {
    const { a, b } = await twoConnections();
    // B is current (connected last): the popup showing A names A.
    expect(ok<{ currentId: string }>(await send({ type: 'connections.list' })).currentId).toBe(b);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    api.override = async (method) => {
      if (method === 'POST') await held;
      return undefined;
    };
    const port = new FakePort();
    const done = handleCreatePort(port, ctx);
    port.send({ type: 'keys.create', connectionId: a, name: 'Made in A', expiresAt: null });
    await send({ type: 'connections.select', id: a });
    await send({ type: 'connections.select', id: b });
    release();
    await done;
    expect('ok' in port.posted[0]! && port.posted[0].ok.key.name).toBe('Made in A');
    expect(names((await cached(a)).keys)).toContain('Made in A');
    expect(names((await cached(b)).keys)).not.toContain('Made in A');
    expect([...other.keys.values()].map((k) => k.name)).not.toContain('Made in A');
  });

  it('delete and rename name their connection and touch only its cache', async () => {
    const { a, b } = await twoConnections();
    expect(await send({ type: 'keys.delete', id: key(1).id, connectionId: a })).toEqual({ ok: null });
    expect(api.keys.has(key(1).id)).toBe(false);
    expect(await send({ type: 'keys.rename', id: key(3).id, name: 'Renamed in B', connectionId: b })).toMatchObject({
      ok: { key: { name: 'Renamed in B' } },
    });
    expect(names((await cached(a)).keys)).toEqual(['A key 2']);
    expect(names((await cached(b)).keys)).toContain('Renamed in B');
  });

  it('removing a connection forgets its token and cache; the other keeps both', async () => {
    const { a, b } = await twoConnections();
    expect(await send({ type: 'connections.remove', id: b })).toEqual({ ok: null });
    const local = JSON.stringify(await browser.storage.local.get(null));
    const session = await browser.storage.session.get(null);
    expect(Object.keys(session)).toEqual([credentialKey(a)]);
    expect(local).not.toContain(OTHER_API);
    expect((await idbFactory().databases()).map((d) => d.name)).toEqual([`workbase-cache.${a}`]);
    const list = await send({ type: 'connections.list' });
    expect(ok<{ currentId: string }>(list).currentId).toBe(a);
    // A popup still open on B: its next request says the connection is gone, nothing else breaks.
    const late = await send({ type: 'keys.sync', connectionId: b });
    expect(late).toEqual({ error: { code: 'not_connected', message: expect.stringMatching(/no longer exists/) } });
    expect(await send({ type: 'keys.sync', connectionId: a })).toMatchObject({ ok: { keys: [{}, {}] } });
  });

  it('the badge sums every connection, and its tooltip says how many each', async () => {
    const soon = (n: number) => key(n, { expiresAt: '2030-01-04T00:00:00.000Z' });
    api.keys.set(key(1).id, soon(1));
    other.keys.set(key(3).id, soon(3));
    other.keys.set(key(4).id, soon(4));
    const a = await connect({ name: 'Staging' });
    const b = await connect({ name: 'Production', apiUrl: OTHER_API, adminToken: other.token });
    expect('ok' in a && 'ok' in b).toBe(true);
    const set: Record<string, string> = {};
    const expiry = createExpiryChecker({
      ctx,
      local: browser.storage.local,
      action: {
        setBadgeText: async ({ text }) => void (set.text = text),
        setBadgeBackgroundColor: async () => {},
        setTitle: async ({ title }) => void (set.title = title),
      },
      notifications: () => null,
      hasNotificationPermission: async () => false,
      openTab: async () => {},
    });
    await expiry.refresh();
    expect(set.text).toBe('3');
    expect(set.title).toBe('Workbase API Keys: 3 keys expire within 7 days — Staging: 1, Production: 2');
  });
});

describe('migration of the single connection of before', () => {
  it('keeps the connection, its token, its cached keys and its reminder log', async () => {
    // What the extension stored before connections existed: settings, token, cache, reminder log.
    await browser.storage.local.set({
      [LEGACY_SETTINGS_KEY]: { version: 1, apiUrl: API, remember: true },
      [LEGACY_TOKEN_KEY]: TOKEN,
      // Key 2's 7-day reminder was already sent before the update.
      [SENT_LOG_KEY]: { [`${key(2).id}|2030-01-04T00:00:00.000Z`]: [7] },
    });
    const old = await openKeysCache('scratch', idbFactory());
    await old.replaceAll(API, [key(1, { name: 'Cached before' })], '2030-01-01T00:00:00.000Z');
    old.close();
    // The same records under the old database name.
    await new Promise<void>((resolve, reject) => {
      const r = idbFactory().open('workbase-cache.scratch');
      r.onsuccess = () => {
        const tx = r.result.transaction('snapshot');
        const all = tx.objectStore('snapshot').getAll();
        const keys = tx.objectStore('snapshot').getAllKeys();
        tx.oncomplete = () => {
          r.result.close();
          const legacy = idbFactory().open('workbase-cache', 2);
          legacy.onupgradeneeded = () => legacy.result.createObjectStore('snapshot');
          legacy.onsuccess = () => {
            const put = legacy.result.transaction('snapshot', 'readwrite');
            keys.result.forEach((k, i) => put.objectStore('snapshot').put(all.result[i], k));
            put.oncomplete = () => {
              legacy.result.close();
              resolve();
            };
          };
        };
      };
      r.onerror = () => reject(new Error('open failed'));
    });

    const list = await send({ type: 'connections.list' });
    expect(list).toMatchObject({
      ok: { currentId: MIGRATED_ID, connections: [{ id: MIGRATED_ID, apiUrl: API, remember: true, hasCredential: true }] },
    });
    // The cache came along: the popup paints the old list before any sync.
    expect(names((await cached(MIGRATED_ID)).keys)).toEqual(['Cached before']);
    expect((await idbFactory().databases()).map((d) => d.name)).not.toContain('workbase-cache');
    // The token works without re-entering it.
    api.keys.set(key(2).id, key(2, { expiresAt: '2030-01-04T00:00:00.000Z' }));
    expect(await send({ type: 'keys.sync' })).toMatchObject({ ok: { keys: [{ id: key(2).id }] } });
    // The reminder log is the first connection's: no reminder is sent twice.
    const created: string[] = [];
    const expiry = createExpiryChecker({
      ctx,
      local: browser.storage.local,
      action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {}, setTitle: async () => {} },
      notifications: () => ({
        create: async (id) => {
          created.push(id);
          return id;
        },
        clear: async () => true,
      }),
      hasNotificationPermission: async () => true,
      openTab: async () => {},
    });
    await ctx.deps.preferences.save({ ...(await ctx.deps.preferences.load()), remindersEnabled: true });
    await expiry.refresh();
    const stored = await browser.storage.local.get(null);
    expect(stored[SENT_LOG_KEY]).toBeUndefined();
    expect(stored[`${SENT_LOG_KEY}.${MIGRATED_ID}`]).toEqual({ [`${key(2).id}|2030-01-04T00:00:00.000Z`]: [30, 7] });
    expect(created).toEqual([]);
  });
});
