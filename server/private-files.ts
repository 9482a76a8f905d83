// Files only the server's user may read: the database holds every key's hash
// and the admin-token file a live credential. Modes are set explicitly with
// chmod because mkdir/open modes are filtered through the process umask.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Creates `dir` (and missing parents) 0700; directories that already existed keep their mode. */
export function makePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  // Every directory from the first one created down to `dir` is ours.
  let path = first;
  chmodSync(path, 0o700);
  for (const part of relative(first, dir).split(sep).filter(Boolean)) {
    path = join(path, part);
    chmodSync(path, 0o700);
  }
}

/**
 * The SQLite file and its -wal/-shm, 0600. SQLite gives -wal and -shm the main
 * file's mode, so creating the main file 0600 first covers them; files left
 * by an older server are tightened too.
 */
export function preparePrivateDb(path: string): void {
  makePrivateDir(dirname(path));
  closeSync(openSync(path, 'a', 0o600));
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
  }
}

/**
 * Writes `content` to `path` atomically and privately: a temp file with an
 * unpredictable name, created exclusively ('wx': fails on anything planted
 * there, symlinks included), then renamed over `path`.
 */
export function writePrivateFile(path: string, content: string): void {
  makePrivateDir(dirname(path));
  const temp = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    chmodSync(temp, 0o600);
    writeSync(fd, content);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw error;
  }
}
