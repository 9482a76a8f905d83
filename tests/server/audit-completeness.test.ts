// Never a change without its event, even when the process dies between the
// two: a real server process on a real SQLite file is SIGKILLed while it
// holds the change's transaction open just before the event is built
// (WORKBASE_TEST_HOLD_BEFORE_AUDIT, server/audit.ts). After a restart,
// neither exists. Killed right after answering, both exist, once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = `test-admin-${randomBytes(24).toString('hex')}`;

interface Child {
  url: string;
  process: ChildProcess;
  stderr: () => string;
}

async function startChild(dbPath: string, holdAction?: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env, WORKBASE_ADMIN_TOKEN: TOKEN };
  delete env.WORKBASE_TEST_HOLD_BEFORE_AUDIT;
  if (holdAction !== undefined) env.WORKBASE_TEST_HOLD_BEFORE_AUDIT = holdAction;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '0', '--db', dbPath], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = await new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}${err}`)));
  });
  return { url, process: child, stderr: () => err };
}

async function kill(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((done) => child.process.once('exit', done));
  child.process.kill('SIGKILL');
  await exited;
}

function call(child: Child, method: string, path: string, json?: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(child.url + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal,
  });
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface State {
  keys: { id: string; name: string; expires_at: number | null }[];
  events: { action: string; key_id: string | null; details: string | null }[];
}

/** What a restarted server would find: the file opened afresh (WAL recovery included). */
function stateOf(dbPath: string): State {
  const db = openDb(dbPath);
  try {
    return {
      keys: db.prepare('SELECT id, name, expires_at FROM keys ORDER BY id').all() as State['keys'],
      events: db.prepare("SELECT action, key_id, details FROM audit_events WHERE action LIKE 'key.%' ORDER BY id").all() as State['events'],
    };
  } finally {
    db.close();
  }
}

interface Write {
  action: string;
  /** Makes what the write needs (a key to act on); returns the request. */
  prepare(child: Child): Promise<{ method: string; path: string; json?: unknown; keyId?: string }>;
  /** Did the change itself happen, judged from the state? */
  changed(before: State, after: State, keyId: string | undefined): boolean;
}

async function makeKey(child: Child, name: string): Promise<string> {
  const res = await call(child, 'POST', '/v1/keys', { name, expiresAt: null });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: { id: string } }).key.id;
}

const WRITES: Write[] = [
  {
    action: 'key.created',
    prepare: async () => ({ method: 'POST', path: '/v1/keys', json: { name: 'born', expiresAt: null } }),
    changed: (before, after) => after.keys.length === before.keys.length + 1,
  },
  {
    action: 'key.renamed',
    prepare: async (c) => {
      const keyId = await makeKey(c, 'old name');
      return { method: 'PATCH', path: `/v1/keys/${keyId}`, json: { name: `new name ${randomBytes(3).toString('hex')}` }, keyId };
    },
    changed: (_b, after, keyId) => after.keys.find((k) => k.id === keyId)?.name.startsWith('new name') === true,
  },
  {
    action: 'key.replaced',
    prepare: async (c) => {
      const keyId = await makeKey(c, 'to replace');
      return { method: 'POST', path: `/v1/keys/${keyId}/replace`, json: { name: 'successor', expiresAt: null, graceSeconds: 60 }, keyId };
    },
    // Both halves of a replace: the successor exists and the old key now expires.
    changed: (before, after, keyId) => after.keys.length === before.keys.length + 1 && after.keys.find((k) => k.id === keyId)?.expires_at !== null,
  },
  {
    action: 'key.deleted',
    prepare: async (c) => {
      const keyId = await makeKey(c, 'to delete');
      return { method: 'DELETE', path: `/v1/keys/${keyId}`, keyId };
    },
    changed: (before, after, keyId) => before.keys.some((k) => k.id === keyId) && !after.keys.some((k) => k.id === keyId),
  },
];

describe('audit completeness across a SIGKILL (real process, real SQLite file)', () => {
  const dirs: string[] = [];
  const children: Child[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await kill(c);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  for (const write of WRITES) {
    it(`${write.action}: killed between change and event → neither; killed after the answer → both, once`, { timeout: 60_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wb-audit-kill-'));
      dirs.push(dir);
      const dbPath = join(dir, 'keys.db');

      // 1. Held inside the transaction, after the change, before the event.
      const held = await startChild(dbPath, write.action);
      children.push(held);
      const request = await write.prepare(held);
      const before = stateOf(dbPath);
      const abort = new AbortController();
      const pending = call(held, request.method, request.path, request.json, abort.signal).catch(() => undefined);
      await until(() => held.stderr().includes(`holding before audit ${write.action}`), 'the server to reach the hold');
      // The change was made but not committed: another connection cannot see it yet.
      const peek = new Database(dbPath, { readonly: true });
      expect(peek.prepare('SELECT id, name, expires_at FROM keys ORDER BY id').all()).toEqual(before.keys);
      peek.close();
      await kill(held);
      abort.abort();
      await pending;

      const afterKill = stateOf(dbPath);
      expect(write.changed(before, afterKill, request.keyId), 'the change survived without its event').toBe(false);
      expect(afterKill).toEqual(before);

      // 2. Killed right after answering: the change and exactly one event are on disk.
      const quick = await startChild(dbPath);
      children.push(quick);
      const res = await call(quick, request.method, request.path, request.json);
      expect(res.status).toBeLessThan(300);
      await kill(quick);
      const afterAnswer = stateOf(dbPath);
      expect(write.changed(before, afterAnswer, request.keyId)).toBe(true);
      const newEvents = afterAnswer.events.slice(before.events.length);
      expect(newEvents.map((e) => e.action)).toEqual([write.action]);
      if (request.keyId !== undefined) expect(newEvents[0]?.key_id).toBe(request.keyId);
    });
  }
});
