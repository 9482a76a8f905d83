// What each extension page really downloads and parses: the scripts its HTML
// loads (entry + modulepreloaded shared chunks), or the manifest's worker.
// Used by `npm run bench` and by tests/e2e/bundle-size.spec.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  files: string[];
  bytes: number;
  gzip: number;
}

/** Script files an HTML page loads: `<script src>` and `<link rel="modulepreload" href>`, extension-root relative. */
export function scriptsOfPage(html: string): string[] {
  const files = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) {
    files.add((m[1] ?? m[2])!);
  }
  return [...files].map((f) => f.replace(/^\//, ''));
}

function measure(dir: string, files: string[]): BundleSize {
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const content = readFileSync(path.join(dir, f));
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzip };
}

function pageBundle(dir: string, htmlFile: string): BundleSize {
  const files = scriptsOfPage(readFileSync(path.join(dir, htmlFile), 'utf8'));
  if (files.length === 0) throw new Error(`${htmlFile} loads no scripts: did the build change shape?`);
  return measure(dir, files);
}

function workerBundle(dir: string): BundleSize {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: unknown } };
  const file = manifest.background?.service_worker;
  if (typeof file !== 'string') throw new Error('manifest.json has no background.service_worker');
  return measure(dir, [file]);
}

export function extensionBundles(dir: string): { popup: BundleSize; options: BundleSize; background: BundleSize } {
  return { popup: pageBundle(dir, 'popup.html'), options: pageBundle(dir, 'options.html'), background: workerBundle(dir) };
}
