// Mozilla's own linter (addons-linter, offline) on the Firefox build that
// `npm run zip:firefox` packs: 0 errors, and no warning but the one README
// explains (Preact's dangerouslySetInnerHTML path, which we never use).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './support/fixtures';
import { FIREFOX_EXTENSION_DIR } from '../../testkit/extension-browser';

const ROOT = path.resolve(import.meta.dirname, '../..');

test.skip(
  ({ engine }) => engine === 'chromium',
  "addons-linter is Mozilla's linter for Firefox add-ons; the Chrome build has no offscreen rule to check",
);

interface Finding {
  code: string;
  message: string;
  file?: string;
}

test('addons-linter: 0 errors, and only the explained Preact warning', () => {
  const bin = path.join(ROOT, 'node_modules/.bin/addons-linter');
  // Exit code 0 unless there are errors; the JSON report is printed either way.
  let out: string;
  try {
    out = execFileSync(bin, ['--output', 'json', FIREFOX_EXTENSION_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    out = (err as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(out) as { errors: Finding[]; warnings: Finding[]; notices: Finding[] };
  expect(report.errors).toEqual([]);
  const unexplained = report.warnings.filter((w) => w.code !== 'UNSAFE_VAR_ASSIGNMENT');
  expect(unexplained).toEqual([]);
  // The one allowed warning must be Preact's `dom.innerHTML = props.dangerouslySetInnerHTML.__html`, nothing of ours.
  for (const w of report.warnings) {
    const code = readFileSync(path.join(FIREFOX_EXTENSION_DIR, w.file!), 'utf8');
    expect(code.match(/innerHTML\s*=[^,;)]*/g)).toEqual([expect.stringMatching(/^innerHTML\s*=\s*\w+\.__html$/)]);
  }
});

test('our sources never set innerHTML, so the Preact path above is dead code', () => {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name) && /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML/.test(readFileSync(full, 'utf8')))
        hits.push(full);
    }
  };
  for (const dir of ['components', 'entrypoints', 'lib']) walk(path.join(ROOT, dir));
  expect(hits).toEqual([]);
});

test('the Firefox build leaves out the offscreen document Firefox has no API for', () => {
  expect(existsSync(path.join(FIREFOX_EXTENSION_DIR, 'offscreen.html'))).toBe(false);
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as { permissions: string[] };
  expect(manifest.permissions).not.toContain('offscreen');
  const files = readdirSync(FIREFOX_EXTENSION_DIR, { recursive: true }).map(String);
  expect(files.filter((f) => /offscreen/i.test(f))).toEqual([]);
});
