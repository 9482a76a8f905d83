// Where the popup's bytes go: a second, bench-only production build into a
// temp folder with source maps, then every minified byte of the popup's
// chunks is attributed to the source (npm package or project file) it came
// from, with source-map-js. The real build (.output) is never touched.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { build } from 'wxt';
import { scriptsOfPage } from '../testkit/bundles';
import { quietLogger, ROOT } from './setup';

/** node_modules/<pkg> (or @scope/pkg) for dependencies, the project path otherwise. */
function ownerOf(source: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (m) return m[1]!;
  const rel = source.replace(/^(\.\.\/)+/, '').replace(/^\/?work\/main\//, '');
  return rel.startsWith('\0') || rel === '' ? '(bundler runtime)' : rel;
}

/** Bytes of minified `code` per owner, from its source map. Unmapped bytes count as "(unmapped)". */
function attribute(code: string, map: RawSourceMap, into: Map<string, number>): void {
  const consumer = new SourceMapConsumer(map);
  const lines = code.split('\n');
  const mappings: { line: number; col: number; source: string | null }[] = [];
  consumer.eachMapping(
    (m) => mappings.push({ line: m.generatedLine, col: m.generatedColumn, source: m.source }),
    null,
    SourceMapConsumer.GENERATED_ORDER,
  );
  let mapped = 0;
  for (let i = 0; i < mappings.length; i++) {
    const m = mappings[i]!;
    const next = mappings[i + 1];
    const end = next && next.line === m.line ? next.col : (lines[m.line - 1] ?? '').length;
    const len = Math.max(0, end - m.col);
    // Columns are UTF-16 units; close enough to bytes for minified ASCII code.
    const owner = m.source ? ownerOf(m.source) : '(unmapped)';
    into.set(owner, (into.get(owner) ?? 0) + len);
    mapped += len;
  }
  into.set('(unmapped)', (into.get('(unmapped)') ?? 0) + Math.max(0, code.length - mapped));
}

export interface Attribution {
  total: number;
  owners: { owner: string; bytes: number }[];
}

/** Builds with source maps and attributes the bytes `htmlFile` loads. */
export async function attributePage(htmlFiles: readonly string[]): Promise<Map<string, Attribution>> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'wbk-attr-'));
  try {
    await build({ root: ROOT, outDir, logger: quietLogger, vite: () => ({ build: { sourcemap: true } }) });
    const dir = path.join(outDir, 'chrome-mv3');
    const result = new Map<string, Attribution>();
    for (const htmlFile of htmlFiles) {
      const into = new Map<string, number>();
      let total = 0;
      for (const file of scriptsOfPage(readFileSync(path.join(dir, htmlFile), 'utf8'))) {
        const code = readFileSync(path.join(dir, file), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '');
        total += Buffer.byteLength(code);
        const mapFile = path.join(dir, `${file}.map`);
        if (!existsSync(mapFile)) throw new Error(`no source map for ${file}`);
        attribute(code, JSON.parse(readFileSync(mapFile, 'utf8')) as RawSourceMap, into);
      }
      const owners = [...into.entries()].map(([owner, bytes]) => ({ owner, bytes })).sort((a, b) => b.bytes - a.bytes);
      result.set(htmlFile, { total, owners });
    }
    return result;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
