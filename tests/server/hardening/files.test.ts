// Issue 11 item 7: nothing the server writes is readable by other local users,
// whatever the umask, and the admin-token file cannot be redirected by a
// planted symlink at a guessable temp name.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTokenFile } from '../../../server/admin-token';
import { startTestServer } from '../helpers';

const mode = (path: string) => statSync(path).mode & 0o777;

let dir: string;
let oldUmask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-files-'));
  // The most permissive umask: modes must not depend on it.
  oldUmask = process.umask(0);
});
afterEach(() => {
  process.umask(oldUmask);
  rmSync(dir, { recursive: true, force: true });
});

describe('file modes', () => {
  it('the database directory is 0700 and keys.db, -wal, -shm are 0600 under umask 0', async () => {
    const dbPath = join(dir, 'data', 'nested', 'keys.db');
    const server = await startTestServer({ dbPath });
    try {
      await server.createKey('a key');
      for (const suffix of ['', '-wal', '-shm']) {
        expect(existsSync(dbPath + suffix)).toBe(true);
        expect(mode(dbPath + suffix).toString(8)).toBe('600');
      }
      expect(mode(join(dir, 'data')).toString(8)).toBe('700');
      expect(mode(join(dir, 'data', 'nested')).toString(8)).toBe('700');
    } finally {
      await server.close();
    }
  });

  it('an existing world-readable database is tightened to 0600 on open', async () => {
    const first = await startTestServer({ dbPath: join(dir, 'keys.db') });
    await first.close();
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'keys.db'), 0o644);
    const second = await startTestServer({ dbPath: join(dir, 'keys.db'), adminToken: first.adminToken });
    try {
      await second.createKey('b');
      for (const suffix of ['', '-wal', '-shm']) expect(mode(join(dir, 'keys.db') + suffix).toString(8)).toBe('600');
    } finally {
      await second.close();
    }
  });
});

describe('admin-token file', () => {
  it('is 0600 under umask 0, in a 0700 directory it creates, with exactly the token', () => {
    const path = join(dir, 'secrets', 'admin-token');
    writeTokenFile(path, 'wbadm_token-value');
    expect(readFileSync(path, 'utf8')).toBe('wbadm_token-value');
    expect(mode(path).toString(8)).toBe('600');
    expect(mode(join(dir, 'secrets')).toString(8)).toBe('700');
    expect(readdirSync(join(dir, 'secrets'))).toEqual(['admin-token']);
  });

  it('does not follow a symlink planted at the old predictable temp name', () => {
    const path = join(dir, 'admin-token');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    writeTokenFile(path, 'wbadm_token-value');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(path, 'utf8')).toBe('wbadm_token-value');
  });
});
