// Firefox stores IndexedDB values (and storage.local, which lives in
// IndexedDB) snappy-compressed inside SQLite, so a plain byte search of the
// profile cannot see them: a remembered admin token is there and a byte search
// finds nothing. This opens every IndexedDB database of the profile,
// decompresses each value and searches that too. Close the browser first.
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Raw snappy (no framing), as mozilla::dom::indexedDB writes object_data.data. */
function snappyDecompress(input: Uint8Array): Buffer {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = input[pos++]!;
    length |= (byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  const out = Buffer.alloc(length);
  let at = 0;
  while (pos < input.length) {
    const tag = input[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const bytes = len - 59;
        len = 0;
        for (let i = 0; i < bytes; i++) len |= input[pos++]! << (8 * i);
      }
      len += 1;
      out.set(input.subarray(pos, pos + len), at);
      pos += len;
      at += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[pos++]!;
    } else if (kind === 2) {
      len = (tag >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8);
      pos += 2;
    } else {
      len = (tag >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16) | (input[pos + 3]! << 24);
      pos += 4;
    }
    if (offset === 0 || offset > at) throw new Error('corrupt snappy data');
    for (let i = 0; i < len; i++, at++) out[at] = out[at - offset]!;
  }
  if (at !== length) throw new Error('corrupt snappy data: wrong length');
  return out;
}

/** Files (relative to the profile) whose decompressed IndexedDB values contain `needle`, in UTF-8 (Latin-1) or UTF-16LE. */
export function findInFirefoxIndexedDB(profileDir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')];
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sqlite') && dir.endsWith(`${path.sep}idb`)) {
        // Read-write so SQLite folds the -wal file in: the latest writes are there.
        const db = new Database(full, { fileMustExist: true });
        try {
          const rows = db.prepare('SELECT data FROM object_data').all() as { data: Buffer | null }[];
          if (rows.some((row) => row.data && forms.some((form) => snappyDecompress(row.data!).includes(form)))) {
            hits.push(path.relative(profileDir, full));
          }
        } finally {
          db.close();
        }
      }
    }
  };
  walk(profileDir);
  return hits;
}
