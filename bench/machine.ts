// The machine and versions a benchmark ran on: numbers mean nothing without them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromePath } from '../testkit/browser';
import { ROOT } from './setup';

function installedVersion(pkg: string): string {
  try {
    const json = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '?';
  } catch {
    return 'not installed';
  }
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return `${m[1]} (${os.platform()} ${os.release()})`;
  } catch {
    /* not Linux */
  }
  return `${os.platform()} ${os.release()}`;
}

export function describeMachine(): string[] {
  const cpus = os.cpus();
  let chromium = '?';
  try {
    chromium = execFileSync(chromePath(), ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* reported as ? */
  }
  const packages = ['wxt', 'vite', 'preact', 'zod', 'idb', 'webextension-polyfill', '@playwright/test', 'hono', 'better-sqlite3'];
  return [
    `- OS: ${osName()}`,
    `- CPU: ${cpus[0]?.model.trim() ?? '?'}, ${cpus.length} cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, ${chromium} (headless)`,
    `- Packages: ${packages.map((p) => `${p} ${installedVersion(p)}`).join(', ')}`,
  ];
}
