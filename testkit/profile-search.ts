// Searches every file of a browser profile for a string, in UTF-8 and
// UTF-16LE (how Chromium stores some strings), including LevelDB logs of
// chrome.storage and IndexedDB. Close the browser first so LevelDB flushes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function findInProfile(profileDir: string, needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 200 * 1024 * 1024) {
        const bytes = readFileSync(full);
        if (bytes.includes(utf8) || bytes.includes(utf16)) hits.push(path.relative(profileDir, full));
      }
    }
  };
  walk(profileDir);
  return hits;
}
