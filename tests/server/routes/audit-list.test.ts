// GET /v1/audit: who did what to which key, newest first, keyset-paginated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse, type AuditEvent } from '../../../lib/shared/contract/audit';
import { ManualClock, T0, expectError, startTestServer, type TestServer } from '../helpers';
import { addAdmin, type TestAdmin } from '../support/admins';
import { describeRouteSecurity } from '../support/security';

async function audit(server: TestServer, query = '', token?: string): Promise<AuditListResponse> {
  const res = await server.req('GET', `/v1/audit${query}`, token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return AuditListResponse.parse(await res.json());
}

async function walk(server: TestServer, query: string, limit: number): Promise<AuditEvent[]> {
  const seen: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditListResponse = await audit(server, `?limit=${limit}${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(page.events.length).toBeLessThanOrEqual(limit);
    seen.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return seen;
}

describe('GET /v1/audit', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let alice: TestAdmin;
  let viewer: TestAdmin;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
    alice = addAdmin(server, 'admin', 'Alice', 'alice@example.com');
    viewer = addAdmin(server, 'viewer', 'Vic');
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('each change is an event with actor, action, key, details, address, user agent and request id, newest first', async () => {
      const created = await server.req('POST', '/v1/keys', {
        json: { name: 'payments', expiresAt: null },
        token: alice.token,
        headers: { 'user-agent': 'curl/8.5' },
      });
      const { key } = (await created.json()) as { key: { id: string; hint: string } };
      clock.advance(1000);
      const renamed = await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: 'payments v2' }, token: alice.token });
      expect(renamed.status).toBe(200);
      clock.advance(1000);
      const replaced = await server.req('POST', `/v1/keys/${key.id}/replace`, {
        json: { name: 'payments v3', expiresAt: null, graceSeconds: 3600 },
      });
      const newId = ((await replaced.json()) as { key: { id: string } }).key.id;
      clock.advance(1000);
      expect((await server.req('DELETE', `/v1/keys/${key.id}`, { token: alice.token })).status).toBe(204);

      const { events } = await audit(server, `?keyId=${key.id}`, viewer.token);
      expect(events.map((e) => e.action)).toEqual(['key.deleted', 'key.replaced', 'key.renamed', 'key.created']);
      const [deleted, replacedEvent, renamedEvent, createdEvent] = events as [AuditEvent, AuditEvent, AuditEvent, AuditEvent];
      expect(createdEvent).toEqual({
        id: expect.any(Number),
        at: new Date(T0).toISOString(),
        actor: { id: alice.id, name: 'Alice', email: 'alice@example.com', method: 'token' },
        action: 'key.created',
        key: { id: key.id, name: 'payments', hint: key.hint },
        details: null,
        clientAddress: expect.stringMatching(/127\.0\.0\.1$/),
        userAgent: 'curl/8.5',
        requestId: created.headers.get('x-request-id'),
      });
      expect(renamedEvent.details).toEqual({ oldName: 'payments', newName: 'payments v2' });
      expect(renamedEvent.key?.name).toBe('payments v2');
      expect(replacedEvent.actor).toEqual({ id: 1, name: 'Bootstrap admin', email: null, method: 'token' });
      expect(replacedEvent.details).toEqual({ newKeyId: newId, newName: 'payments v3', graceSeconds: 3600 });
      expect(deleted.at).toBe(new Date(T0 + 3000).toISOString());
    });

    it('filters by actor, action and time, and combines them', async () => {
      const byAlice = await audit(server, `?actorId=${alice.id}`);
      expect(byAlice.events.length).toBeGreaterThan(0);
      expect(byAlice.events.every((e) => e.actor?.id === alice.id)).toBe(true);
      const deletes = await audit(server, '?action=key.deleted');
      expect(deletes.events.every((e) => e.action === 'key.deleted')).toBe(true);
      const early = await audit(server, `?before=${new Date(T0 + 1000).toISOString()}`);
      // The CLI's admins add events (real clock, before T0) and the first create.
      expect(early.events.map((e) => e.action)).toEqual(['key.created', 'admin.token_created', 'admin.token_created']);
      expect(early.events.every((e) => e.at < new Date(T0 + 1000).toISOString())).toBe(true);
      // after is inclusive (at or after), before exclusive: together a period, as the CSV export asks.
      const from = new Date(T0 + 1000).toISOString();
      const to = new Date(T0 + 3000).toISOString();
      const period = await audit(server, `?after=${from}&before=${to}`);
      expect(period.events.map((e) => [e.action, e.at])).toEqual([
        ['key.replaced', new Date(T0 + 2000).toISOString()],
        ['key.renamed', from],
      ]);
      const since = await audit(server, `?after=${new Date(T0 + 3000).toISOString()}`);
      expect(since.events.map((e) => e.action)).toEqual(['key.deleted']);
      const none = await audit(server, `?actorId=${viewer.id}&action=key.created`);
      expect(none).toEqual({ events: [], nextCursor: null });
    });

    it('pages newest first without gaps or repeats, also with a filter, while new events arrive', async () => {
      for (let i = 0; i < 23; i++) {
        await server.createKey(`page ${i}`);
        if (i % 3 === 0) clock.advance(1); // ties on `at` too
      }
      const all = (await audit(server, '?limit=500')).events;
      const paged = await walk(server, '', 4);
      expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
      for (let i = 1; i < paged.length; i++) {
        const [a, b] = [paged[i - 1]!, paged[i]!];
        expect(a.at > b.at || (a.at === b.at && a.id > b.id)).toBe(true);
      }
      const created = await walk(server, '&action=key.created', 5);
      // A period pages like the rest: the cursor keeps the after bound.
      const fromT0 = new Date(T0).toISOString();
      const inPeriod = await walk(server, `&after=${fromT0}`, 4);
      expect(inPeriod.map((e) => e.id)).toEqual(all.filter((e) => e.at >= fromT0).map((e) => e.id));
      expect(created.map((e) => e.id)).toEqual(all.filter((e) => e.action === 'key.created').map((e) => e.id));
      // A page fetched, then new events: the next page continues where it left off.
      const first = await audit(server, '?limit=3');
      await server.createKey('arrived later');
      const second = await audit(server, `?limit=3&cursor=${first.nextCursor}`);
      expect(second.events.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    });
  });

  describe('errors', () => {
    it.each([
      ['?sort=at', 'sort'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=abc', 'limit'],
      ['?action=key.exploded', 'action'],
      ['?actorId=0', 'actorId'],
      ['?actorId=alice', 'actorId'],
      ['?keyId=nope', 'keyId'],
      ['?before=yesterday', 'before'],
      ['?after=2030-13-01T00:00:00Z', 'after'],
      ['?after=1&after=2', 'after'],
      ['?cursor=not!a!cursor', 'cursor'],
      [`?cursor=${Buffer.from('["createdAt","desc",1,"key_x"]').toString('base64url')}`, 'cursor'],
      [`?cursor=${Buffer.from('["audit","1",2]').toString('base64url')}`, 'cursor'],
      ['?limit=1&limit=2', 'limit'],
    ])('400 invalid_request for %s, naming %s', async (query, field) => {
      const error = await expectError(await server.req('GET', `/v1/audit${query}`), 400, 'invalid_request');
      expect(error.field).toBe(field);
    });

    it('no endpoint changes events: other methods are 405', async () => {
      for (const method of ['POST', 'PATCH', 'DELETE', 'PUT']) {
        const res = await server.req(method, '/v1/audit');
        expect(res.headers.get('allow')).toBe('GET, HEAD');
        await expectError(res, 405, 'method_not_allowed');
      }
    });
  });

  describe('security', () => {
    describeRouteSecurity({
      auth: 'admin',
      okStatus: 200,
      request: async (s) => {
        await s.createKey('so the log has a key in it');
        return { method: 'GET', path: '/v1/audit' };
      },
    });
  });
});
