// The audit log's promises: every change has exactly one event, written in
// the same transaction (an event that cannot be written undoes the change),
// refusals and replays write none, failed authentications are logged at most
// once per address per minute, and nothing edits or deletes an event.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListResponse, type AuditEvent } from '../../lib/shared/contract/audit';
import { ManualClock, expectError, listAll, onPostgres, rawSql, startTestServer, type TestServer } from './helpers';
import { addAdmin } from './support/admins';

async function events(server: TestServer): Promise<AuditEvent[]> {
  return AuditListResponse.parse(await (await server.req('GET', '/v1/audit?limit=500')).json()).events;
}

type Write = [label: string, action: string, send: (s: TestServer) => Promise<Response>];

const WRITES: Write[] = [
  ['create', 'key.created', (s) => s.req('POST', '/v1/keys', { json: { name: 'made', expiresAt: null } })],
  ['rename', 'key.renamed', async (s) => s.req('PATCH', `/v1/keys/${(await s.createKey('old')).key.id}`, { json: { name: 'new' } })],
  [
    'replace',
    'key.replaced',
    async (s) =>
      s.req('POST', `/v1/keys/${(await s.createKey('old')).key.id}/replace`, { json: { name: 'next', expiresAt: null, graceSeconds: 60 } }),
  ],
  ['delete', 'key.deleted', async (s) => s.req('DELETE', `/v1/keys/${(await s.createKey('gone')).key.id}`)],
];

describe('audit log', () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: clock.read });
  });
  afterAll(() => server.dispose());

  it.each(WRITES)('%s writes exactly one %s event', async (_label, action, send) => {
    const res = await send(server);
    expect(res.status).toBeLessThan(300);
    const requestId = res.headers.get('x-request-id');
    const mine = (await events(server)).filter((e) => e.requestId === requestId);
    expect(mine.map((e) => e.action)).toEqual([action]);
  });

  it('refusals and idempotent replays change nothing and write no event', async () => {
    const { key } = await server.createKey('target');
    const before = (await events(server)).length;
    const viewer = await addAdmin(server, 'viewer', 'Read Only');
    const afterAdd = (await events(server)).length;
    expect(afterAdd).toBe(before + 1); // admin.token_created
    await expectError(await server.req('DELETE', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa'), 404, 'not_found');
    await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name: '' } }), 400, 'invalid_request');
    await expectError(await server.req('DELETE', `/v1/keys/${key.id}`, { token: viewer.token }), 403, 'forbidden');
    const idem = { 'idempotency-key': 'audit-replay-1' };
    expect((await server.req('POST', '/v1/keys', { json: { name: 'once', expiresAt: null }, headers: idem })).status).toBe(201);
    expect((await server.req('POST', '/v1/keys', { json: { name: 'once', expiresAt: null }, headers: idem })).status).toBe(200);
    expect((await events(server)).length).toBe(afterAdd + 1);
  });

  describe('an event that cannot be written undoes its change', () => {
    // A second connection to the live file makes every audit insert fail, as
    // a full disk or a broken table would: the store's insert raises inside
    // the route's transaction.
    async function breakAuditInserts(on: boolean): Promise<void> {
      const sqlite = on
        ? "CREATE TRIGGER audit_fail BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END;"
        : 'DROP TRIGGER audit_fail;';
      const pg = on
        ? `CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected audit failure'; END $$;
           CREATE TRIGGER audit_fail BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_fail();`
        : 'DROP TRIGGER audit_fail ON audit_events; DROP FUNCTION audit_fail();';
      await rawSql(server.dbPath, onPostgres ? pg : sqlite);
    }

    it.each(WRITES)('%s: 500, and the keys are exactly as before', async (_label, _action, send) => {
      // The keys a write needs are made first, with the log working.
      let pending: Promise<Response> | undefined;
      const keysBefore = await (async () => {
        const proxy = {
          ...server,
          createKey: async (name?: string) => {
            const made = await server.createKey(name);
            await breakAuditInserts(true);
            return made;
          },
        } satisfies TestServer;
        if (_label === 'create') await breakAuditInserts(true);
        const before = await listAll(server);
        pending = send(proxy);
        return before;
      })();
      try {
        const res = await pending!;
        await expectError(res, 500, 'internal');
        const after = await listAll(server);
        // For create the list is unchanged; for the others, the key the test made is all that is new.
        expect(after.length).toBe(_label === 'create' ? keysBefore.length : keysBefore.length + 1);
        const made = after.filter((k) => !keysBefore.some((b) => b.id === k.id));
        for (const k of made) expect(['old', 'gone']).toContain(k.name);
        for (const k of made) expect(k.expiresAt).toBeNull();
      } finally {
        await breakAuditInserts(false);
      }
      expect(server.logs.join('\n')).toContain('injected audit failure');
    });
  });

  it('failed admin authentications: at most one event per address per minute, with no token material', async () => {
    const failures = () => server.req('GET', '/v1/audit?action=auth.failed').then(async (r) => AuditListResponse.parse(await r.json()).events);
    const before = (await failures()).length;
    const wrong = 'wbadm_this_is_not_a_token_at_all_000';
    for (let i = 0; i < 5; i++) await expectError(await server.req('GET', '/v1/keys', { token: `${wrong}${i}` }), 401, 'unauthorized');
    const once = await failures();
    expect(once.length).toBe(before + 1);
    expect(once[0]).toMatchObject({ actor: null, action: 'auth.failed', key: null, details: null });
    clock.advance(59_999);
    await server.req('GET', '/v1/keys', { token: wrong });
    expect((await failures()).length).toBe(before + 1);
    clock.advance(1);
    await server.req('GET', '/v1/keys', { token: wrong });
    expect((await failures()).length).toBe(before + 2);
    const dump = JSON.stringify(await rawSql(server.dbPath, 'SELECT * FROM audit_events'));
    expect(dump).not.toContain('wbadm_this_is_not');
    expect(dump).not.toContain(server.adminToken);
    expect(dump).not.toMatch(/wbk_[0-9A-Za-z]{38}/);
  });

  it('the user agent is stored without control characters and at most 200 characters long', async () => {
    // What gets past Node's HTTP parser: tab and C1 controls (\x9b is CSI, a terminal escape).
    // fetch refuses such a header, so it goes out on a raw socket as a hostile client would send it.
    const ua = `evil\t\x9b31mred\x85 ${'x'.repeat(300)}`;
    const body = JSON.stringify({ name: 'ua', expiresAt: null });
    const { port } = new URL(server.url);
    const head = await new Promise<string>((done, fail) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        // write, not end: a half-closed request is aborted by Node's HTTP server if the answer is not ready yet.
        socket.write(
          Buffer.from(
            `POST /v1/keys HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
              `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nUser-Agent: ${ua}\r\nConnection: close\r\n\r\n${body}`,
            'latin1',
          ),
        );
      });
      let got = '';
      socket.setEncoding('latin1').on('data', (d: string) => (got += d));
      socket.on('end', () => done(got));
      socket.on('error', fail);
    });
    expect(head).toMatch(/^HTTP\/1\.1 201/);
    const id = /x-request-id: (\S+)/i.exec(head)?.[1];
    const event = (await events(server)).find((e) => e.requestId === id);
    expect(event?.userAgent).toBe(`evil31mred ${'x'.repeat(300)}`.slice(0, 200));
  });

  it('the table is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(rawSql(server.dbPath, "UPDATE audit_events SET actor_name = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(rawSql(server.dbPath, 'DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });
});
