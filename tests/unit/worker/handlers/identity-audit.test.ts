// identity.get (cached in storage.session, fresh on demand) and audit.list
// (one page, passed through and parsed), through the real router and context.
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { IDENTITY_KEY } from '../../../../lib/worker/stores/identity-cache';
import { API, NOW, TOKEN, api, connect, installWorkerEnv, json, send } from '../../../support/worker-env';

installWorkerEnv();

const ALICE = { id: 2, name: 'Alice', email: 'alice@example.com', role: 'admin', method: 'token' } as const;

/** Serves GET /v1/auth/me with whatever `who` holds at the time. */
function serveMe(who: { current: unknown; status?: number }) {
  api.override = (method, path) => (method === 'GET' && path === '/v1/auth/me' ? json(who.current, who.status ?? 200) : undefined);
}
const meCalls = () => api.calls.filter((c) => c === 'GET /v1/auth/me').length;

describe('identity.get', () => {
  it('asks the server once, then answers from the cache until asked fresh; a role change shows when fresh', async () => {
    await connect();
    const who = { current: ALICE as unknown };
    serveMe(who);
    expect(await send({ type: 'identity.get' })).toEqual({ ok: { identity: ALICE, checkedAt: NOW.toISOString() } });
    expect(meCalls()).toBe(1);
    who.current = { ...ALICE, role: 'viewer' };
    expect(await send({ type: 'identity.get' })).toEqual({ ok: { identity: ALICE, checkedAt: NOW.toISOString() } });
    expect(meCalls()).toBe(1);
    expect(await send({ type: 'identity.get', fresh: true })).toEqual({
      ok: { identity: { ...ALICE, role: 'viewer' }, checkedAt: NOW.toISOString() },
    });
    expect(meCalls()).toBe(2);
    // The cached answer was replaced by the fresh one.
    expect(await send({ type: 'identity.get' })).toMatchObject({ ok: { identity: { role: 'viewer' } } });
  });

  it('keeps the cache in storage.session only, one per connection, per API URL, with no token in it', async () => {
    await connect();
    serveMe({ current: ALICE });
    await send({ type: 'identity.get' });
    // The connection connect() made ('notice-1' from the test id generator).
    const slot = `${IDENTITY_KEY}.notice-1`;
    const session = await browser.storage.session.get(slot);
    expect(session[slot]).toEqual({ apiUrl: API, state: { identity: ALICE, checkedAt: NOW.toISOString() } });
    expect(JSON.stringify(session)).not.toContain(TOKEN);
    expect(await browser.storage.local.get(slot)).toEqual({});
    // Another API's cache is not this one's.
    await browser.storage.session.set({
      [slot]: { apiUrl: 'https://other.example.com', state: { identity: ALICE, checkedAt: NOW.toISOString() } },
    });
    await send({ type: 'identity.get' });
    expect(meCalls()).toBe(2);
    // Named explicitly, the same connection reads its own slot (now holding the fresh answer).
    await send({ type: 'identity.get', connectionId: 'notice-1' });
    expect(meCalls()).toBe(2);
  });

  it('a key API without GET /v1/auth/me names nobody (null), which restricts nothing', async () => {
    await connect();
    serveMe({ current: { error: { code: 'not_found', message: 'No route.' } }, status: 404 });
    expect(await send({ type: 'identity.get' })).toEqual({ ok: { identity: null, checkedAt: NOW.toISOString() } });
  });

  it('a refused token forgets the cached identity; a malformed answer is bad_response', async () => {
    await connect();
    const who = { current: ALICE as unknown, status: 200 };
    serveMe(who);
    await send({ type: 'identity.get' });
    Object.assign(who, { current: { error: { code: 'unauthorized', message: 'Bad token.' } }, status: 401 });
    expect(await send({ type: 'identity.get', fresh: true })).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await browser.storage.session.get(IDENTITY_KEY)).toEqual({});
    Object.assign(who, { current: { ...ALICE, role: 'superuser' }, status: 200 });
    expect(await send({ type: 'identity.get' })).toMatchObject({ error: { code: 'bad_response' } });
  });

  it('not connected: not_connected, nothing asked', async () => {
    expect(await send({ type: 'identity.get' })).toMatchObject({ error: { code: 'not_connected' } });
    expect(api.calls).toEqual([]);
  });
});

describe('audit.list', () => {
  const event = {
    id: 7,
    at: '2030-01-02T03:00:00.000Z',
    actor: { id: 2, name: 'Alice', email: null, method: 'token' },
    action: 'key.created',
    key: { id: 'key_aaaaaaaaaaaaaaaaaaaa', name: 'CI', hint: 'wbk_…AAAA' },
    details: null,
    clientAddress: '127.0.0.1',
    userAgent: null,
    requestId: null,
  };

  it('asks for one page with the filters given and answers it parsed', async () => {
    await connect();
    api.override = (method, path) => (path === '/v1/audit' ? json({ events: [event], nextCursor: 'abc' }) : undefined);
    const reply = await send({
      type: 'audit.list',
      keyId: 'key_aaaaaaaaaaaaaaaaaaaa',
      after: '2030-01-01T00:00:00.000Z',
      before: '2030-01-03T00:00:00.000Z',
      cursor: 'xyz',
      limit: 50,
    });
    expect(reply).toEqual({ ok: { events: [event], nextCursor: 'abc' } });
    const [path, qs] = api.calls.at(-1)!.split('?') as [string, string];
    expect(path).toBe('GET /v1/audit');
    expect(Object.fromEntries(new URLSearchParams(qs))).toEqual({
      keyId: 'key_aaaaaaaaaaaaaaaaaaaa',
      after: '2030-01-01T00:00:00.000Z',
      before: '2030-01-03T00:00:00.000Z',
      cursor: 'xyz',
      limit: '50',
    });
  });

  it('passes an action this version does not know yet (a newer server), as the server names it', async () => {
    await connect();
    api.override = (_, path) => (path === '/v1/audit' ? json({ events: [{ ...event, action: 'auth.sign_in' }], nextCursor: null }) : undefined);
    expect(await send({ type: 'audit.list' })).toMatchObject({ ok: { events: [{ action: 'auth.sign_in' }] } });
  });

  it('refuses a bad filter before asking, and a malformed page after', async () => {
    await connect();
    expect(await send({ type: 'audit.list', keyId: 'not a key' })).toMatchObject({ error: { code: 'internal' } });
    expect(api.calls.some((c) => c.startsWith('GET /v1/audit'))).toBe(false);
    api.override = (_, path) =>
      path === '/v1/audit' ? json({ events: [{ ...event, details: { nested: { no: 1 } } }], nextCursor: null }) : undefined;
    expect(await send({ type: 'audit.list' })).toMatchObject({ error: { code: 'bad_response' } });
    api.override = (_, path) => (path === '/v1/audit' ? json({ error: { code: 'not_found', message: 'No.' } }, 404) : undefined);
    expect(await send({ type: 'audit.list' })).toMatchObject({ error: { code: 'bad_response', message: expect.stringContaining('no audit log') } });
  });
});
