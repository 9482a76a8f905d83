// Leak response in the worker, against the real reference server on loopback:
// local checks, hashes only on the wire, revoke with reason and proof, and the
// leaked text kept only while a panel is open.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../../lib/shared/contract/audit';
import { generateSecret } from '../../../lib/shared/contract/secret';
import type { LeakResult } from '../../../lib/shared/messages/leak-lookup';
import type { LeakProof } from '../../../lib/shared/messages/leak-revoke';
import { leakMemory } from '../../../lib/worker/leak/memory';
import { scanRefusal } from '../../../lib/worker/leak/page-scan';
import { startTestServer, type TestServer } from '../../server/helpers';
import { api, installWorkerEnv, permitted, send } from '../../support/worker-env';

installWorkerEnv();

const broken = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');

describe('leak.lookup / leak.revoke / leak.forget', () => {
  let server: TestServer;
  /** Every request body the worker sent, to prove only hashes travel. */
  let sent: string[];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());
  beforeEach(async () => {
    sent = [];
    leakMemory.forgetAll();
    while (leakMemory.panelOpen) leakMemory.panelClosed();
    api.fetch = (url, init) => {
      sent.push(`${init.method ?? 'GET'} ${url} ${typeof init.body === 'string' ? init.body : ''}`);
      return fetch(url, init);
    };
    permitted.add(server.url);
    const reply = await send({ type: 'connection.connect', apiUrl: server.url, adminToken: server.adminToken, remember: false });
    expect(reply).toMatchObject({ ok: expect.anything() as unknown });
  });

  async function lookup(body: Record<string, unknown>): Promise<LeakResult> {
    const reply = await send({ type: 'leak.lookup', ...body });
    if (!('ok' in reply)) throw new Error(JSON.stringify(reply));
    return reply.ok as LeakResult;
  }

  it('a paste: live key found (with last use and creator), deleted and foreign keys not found, broken checksum and truncation named, decoys counted', async () => {
    const live = await server.createKey('payments prod');
    const gone = await server.createKey('old');
    expect((await server.req('DELETE', `/v1/keys/${gone.key.id}`)).status).toBe(204);
    const foreign = generateSecret();
    const bad = broken(generateSecret());
    const cut = generateSecret().slice(0, -5);
    leakMemory.panelOpened();
    const text = `chat: ${live.secret} / ${gone.secret} / ${foreign} / ${bad} / ${cut} / wbk_your_key_here`;
    const result = await lookup({ source: 'text', text });
    expect(result.findings.map((f) => [f.outcome, f.key?.name ?? null])).toEqual([
      ['found', 'payments prod'],
      ['not_found', null],
      ['not_found', null],
      ['bad_checksum', null],
      ['wrong_length', null],
    ]);
    expect(result.findings[0]?.key?.createdBy).toEqual({ id: 1, name: expect.any(String) as string });
    expect(result).toMatchObject({ origin: null, seen: 6, checked: 6, ignored: 1 });
    expect(result.findings[0]?.hint).toBe(`wbk_…${live.secret.slice(-4)}`);
    // Only the found key's text is held; nothing of the text is in the answer or on the wire.
    expect(leakMemory.size).toBe(1);
    const everything = JSON.stringify(result) + sent.join('\n');
    for (const s of [live.secret, gone.secret, foreign, bad, cut]) expect(everything).not.toContain(s);
    expect(sent.filter((s) => s.includes('/v1/keys/lookup'))).toHaveLength(1);
  });

  it('text with no key makes no request at all', async () => {
    leakMemory.panelOpened();
    const before = sent.length;
    const result = await lookup({ source: 'text', text: 'nothing here but wbk_example' });
    expect(result).toMatchObject({ findings: [], seen: 1, checked: 1, ignored: 1, session: '' });
    expect(sent.length).toBe(before);
  });

  it('revoke deletes with reason leaked, then proves it with the leaked key: whoami 401', async () => {
    const live = await server.createKey('pasted in a ticket');
    leakMemory.panelOpened();
    const result = await lookup({ source: 'text', text: live.secret });
    const finding = result.findings[0]!;
    const reply = await send({ type: 'leak.revoke', session: result.session, ref: finding.ref, keyId: live.key.id });
    expect(reply).toEqual({ ok: { status: 'refused', detail: expect.stringContaining('401 key_invalid') as string } satisfies LeakProof });
    expect((await server.req('GET', '/v1/whoami', { token: live.secret })).status).toBe(401);
    const audit = AuditListResponse.parse(await (await server.req('GET', `/v1/audit?keyId=${live.key.id}&action=key.deleted`)).json());
    expect(audit.events[0]?.details).toEqual({ reason: 'leaked', foundOn: null });
    expect(JSON.stringify(reply)).not.toContain(live.secret);
  });

  it('a context-menu selection records the page origin with the revoke, and is handed over once', async () => {
    const live = await server.createKey('seen in a chat');
    leakMemory.panelOpened();
    const id = leakMemory.holdSelection(`look: ${live.secret}`, 'https://chat.example.com');
    const result = await lookup({ source: 'selection', selection: id });
    expect(result.origin).toBe('https://chat.example.com');
    await send({ type: 'leak.revoke', session: result.session, ref: result.findings[0]!.ref, keyId: live.key.id });
    const audit = AuditListResponse.parse(await (await server.req('GET', `/v1/audit?keyId=${live.key.id}&action=key.deleted`)).json());
    expect(audit.events[0]?.details).toEqual({ reason: 'leaked', foundOn: 'https://chat.example.com' });
    const again = await send({ type: 'leak.lookup', source: 'selection', selection: id });
    expect(again).toMatchObject({ error: { code: 'not_found', message: expect.stringMatching(/Select the key again/) as string } });
  });

  it('the panel closing (its Port) or leak.forget drops every text; a lookup finishing after the panel closed keeps none', async () => {
    const live = await server.createKey('forget me');
    leakMemory.panelOpened();
    const result = await lookup({ source: 'text', text: live.secret });
    expect(leakMemory.size).toBe(1);
    expect(await send({ type: 'leak.forget', session: result.session })).toEqual({ ok: null });
    expect(leakMemory.size).toBe(0);
    const revoke = await send({ type: 'leak.revoke', session: result.session, ref: result.findings[0]!.ref, keyId: live.key.id });
    expect(revoke).toMatchObject({ error: { code: 'not_found' } });
    expect((await server.req('GET', '/v1/whoami', { token: live.secret })).status).toBe(200);

    const second = await lookup({ source: 'text', text: live.secret });
    expect(leakMemory.size).toBe(1);
    leakMemory.panelClosed();
    expect(leakMemory.size).toBe(0);
    expect(second.session).not.toBe('');
    // No panel open: the answer comes back, nothing is held.
    const orphan = await lookup({ source: 'text', text: live.secret });
    expect(orphan.findings[0]?.outcome).toBe('found');
    expect(orphan.session).toBe('');
    expect(leakMemory.size).toBe(0);
  });

  it('the key API down: a clear message without the key, and nothing held', async () => {
    const live = await server.createKey('while down');
    leakMemory.panelOpened();
    api.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const reply = await send({ type: 'leak.lookup', source: 'text', text: live.secret });
    expect(reply).toMatchObject({ error: { code: 'unreachable', message: expect.stringMatching(/Can't reach the key API/) as string } });
    expect(JSON.stringify(reply)).not.toContain(live.secret);
    expect(leakMemory.size).toBe(0);
  });
});

describe('a page that may not be scanned', () => {
  it.each([
    ['Cannot access a chrome:// URL', /can't be scanned/],
    ['The extensions gallery cannot be scripted.', /can't be scanned/],
    [
      'Cannot access contents of url "https://a.example/secret-path". Extension manifest must request permission to access this host.',
      /open its popup from the toolbar/,
    ],
    ['No tab with id: 12.', /tab to scan is gone/],
  ])('%s → a clear message that never repeats the browser text (it can hold the URL)', (browserMessage, expected) => {
    const failure = scanRefusal(new Error(browserMessage));
    expect(failure.info.message).toMatch(expected);
    expect(failure.info.message).not.toContain('a.example');
  });
});
