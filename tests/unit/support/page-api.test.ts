// The shared fake page API behaves as its callers rely on: records, defaults, queues.
import { describe, expect, it } from 'vitest';
import { fakeOptionsApi, fakePopupApi, fakeWorker } from '../../support/page-api';
import { key } from '../../support/keys';
import { connectionGet } from '../../../lib/shared/messages/connection-get';
import { keysSync } from '../../../lib/shared/messages/keys-sync';
import { noticesTake } from '../../../lib/shared/messages/notices-take';

describe('fake page API', () => {
  it('the worker answers from handlers, defaults notices.take to empty, and names anything unexpected', async () => {
    const worker = fakeWorker({ 'keys.sync': () => ({ ok: { keys: [key(1)], syncedAt: null } }) });
    expect(await worker.send(keysSync)).toEqual({ ok: { keys: [key(1)], syncedAt: null } });
    expect(await worker.send(noticesTake)).toEqual({ ok: [] });
    expect(await worker.send(connectionGet)).toEqual({ error: { code: 'internal', message: 'unexpected connection.get' } });
    expect(worker.sent.map((r) => r.type)).toEqual(['keys.sync', 'notices.take', 'connection.get']);
  });

  it('popup: creates answer in order then fail; inputs, cache and clock are as given', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const api = fakePopupApi({ creates: [{ ok: { key: key(2), secret: 'wbk_x' } }], cache: { keys: [key(1)], syncedAt: null, apiUrl: null }, now });
    expect(await api.createKey({ name: 'a', expiresAt: null })).toEqual({ ok: { key: key(2), secret: 'wbk_x' } });
    expect(await api.createKey({ name: 'b', expiresAt: null })).toMatchObject({ error: { code: 'internal' } });
    expect(api.inputs.map((i) => i.name)).toEqual(['a', 'b']);
    expect((await api.readCache())?.keys).toEqual([key(1)]);
    expect(api.now?.()).toBe(now);
    expect(fakePopupApi().now).toBeUndefined();
  });

  it('options: permissions answer as given and every call is ordered with the requests', async () => {
    const api = fakeOptionsApi({ granted: false, grant: true, handlers: { 'connection.get': () => ({ ok: null }) } });
    expect(await api.permissions.contains(['http://x/*'])).toBe(false);
    expect(await api.permissions.request(['http://x/*'])).toBe(true);
    await api.send(connectionGet);
    expect(api.order).toEqual(['contains', 'request', 'connection.get']);
    expect(api.notifications).toBeUndefined();
    expect(await fakeOptionsApi({ notifications: { granted: true, grant: false } }).notifications?.contains()).toBe(true);
  });
});
