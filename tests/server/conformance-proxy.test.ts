// An outside validator between the kit and the reference server: Stoplight
// Prism in proxy mode, reading docs/openapi.json, checks every request and
// every answer against the document. Any answer that breaks it fails the
// test, and so does a request the document calls invalid that the server
// accepted (the kit sends many invalid requests on purpose: those must be
// refused by both).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatTable, runConformance } from '../../conformance/run';
import { startServer, type RunningServer } from '../../testkit/server';

const ROOT = path.resolve(import.meta.dirname, '../..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** One proxied exchange as Prism logged it. */
interface Exchange {
  request: string;
  status: number | undefined;
  violations: string[];
}

/** Prism's log, cut into exchanges (the kit is sequential, so they do not interleave). */
function exchanges(log: string): Exchange[] {
  const out: Exchange[] = [];

  for (const line of log.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
    const received = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/.exec(line);
    if (received) out.push({ request: `${received[1]!.toUpperCase()} ${received[2]}`, status: undefined, violations: [] });
    const current = out.at(-1);
    if (!current) continue;
    const returned = /has returned (\d{3})/.exec(line);
    if (returned) current.status = Number(returned[1]);
    const violation = /Violation: (.*)$/.exec(line);
    if (violation) current.violations.push(violation[1]!.trim());
  }
  return out;
}

let server: RunningServer;
let prism: ChildProcess;
let prismUrl: string;
let prismLog = '';

beforeAll(async () => {
  server = await startServer();
  const port = await freePort();
  prism = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'),
      'proxy',
      'docs/openapi.json',
      server.url,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--cors',
      'false',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prism.on('exit', (code, signal) => (prismLog += `\n[prism exited: ${code ?? signal}]\n`));
  prism.stdout!.on('data', (d: Buffer) => (prismLog += d.toString()));
  prism.stderr!.on('data', (d: Buffer) => (prismLog += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${prismLog}`)), 60_000);
    const poll = setInterval(() => {
      if (prismLog.includes('Prism is listening')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    prism.once('exit', (code) => reject(new Error(`Prism exited with ${code}:\n${prismLog}`)));
  });
  prismUrl = `http://127.0.0.1:${port}`;
}, 90_000);

afterAll(async () => {
  prism?.kill('SIGTERM');
  await server?.stop();
});

it('the kit through Prism: every answer matches the document, and the server refuses every request the document refuses', async () => {
  const started = prismLog.length;
  const results = await runConformance({ url: prismUrl, adminToken: server.adminToken, proxied: true }).catch((error: unknown) => {
    throw new Error(`${String(error)}; Prism's log ends:\n${prismLog.slice(-3000)}`);
  });
  const log = prismLog.slice(started);
  const seen = exchanges(log);
  expect(seen.length, 'Prism logged no exchanges').toBeGreaterThan(50);
  const mismatches = seen.flatMap((e) => [
    ...e.violations.filter((v) => v.startsWith('response')).map((v) => `${e.request} → ${e.status}: ${v}`),
    ...(e.status !== undefined && e.status < 400 && e.violations.some((v) => v.startsWith('request'))
      ? [`${e.request} → ${e.status} although the document refuses the request: ${e.violations.join('; ')}`]
      : []),
  ]);
  expect(mismatches).toEqual([]);
  expect(
    results.filter((r) => r.outcome === 'fail'),
    formatTable(results),
  ).toEqual([]);
}, 120_000);
