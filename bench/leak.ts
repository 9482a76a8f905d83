// Leak response numbers (issue 13): `npx tsx bench/leak.ts` (build first: npx wxt build).
// 1. Scan time for a page with 10,000 wbk_ tokens: in real Chromium with the
//    built extension, from the "Scan this page" click to the results on
//    screen (inject, collect, 1,000 checksums, SHA-256, 10 lookups of 100).
// 2. Lookup latency for 100 hashes (50 keys of ours, 50 unknown) against the
//    real server holding 100,000 keys.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateSecret } from '../lib/shared/contract/secret';
import { closeDb, openDb } from '../server/db';
import { sha256Hex } from '../server/keys';
import { seedKeys } from '../server/seed-keys';
import { launchExtension } from '../testkit/browser';
import { startServer } from '../testkit/server';

const TOKENS = 10_000;
const SCAN_RUNS = 5;
const KEYS = 100_000;
const LOOKUP_RUNS = 50;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const server = await startServer();
  try {
    // ---- 2. lookup at 100,000 keys --------------------------------------
    const seedStarted = performance.now();
    const db = openDb(path.join(server.dbDir, 'keys.db'));
    seedKeys(db, KEYS - 50, Date.now());
    db.pragma('wal_checkpoint(TRUNCATE)');
    closeDb(db);
    const ours: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await server.api('POST', '/v1/keys', { name: `bench leak ${i}`, expiresAt: null });
      ours.push((res.json as { secret: string }).secret);
    }
    console.log(`seeded ${KEYS} keys in ${Math.round(performance.now() - seedStarted)} ms`);
    const hashes = [...ours, ...Array.from({ length: 50 }, () => generateSecret())].map(sha256Hex);
    const lookups: number[] = [];
    for (let i = 0; i < LOOKUP_RUNS + 5; i++) {
      const started = performance.now();
      const res = await server.api('POST', '/v1/keys/lookup', { hashes });
      const ms = performance.now() - started;
      const found = (res.json as { results: { key: unknown }[] }).results.filter((r) => r.key !== null).length;
      if (res.status !== 200 || found !== 50) throw new Error(`lookup answered ${res.status} with ${found} found`);
      if (i >= 5) lookups.push(ms); // the first few warm the connection and the page cache
    }
    console.log(
      `lookup of 100 hashes at ${KEYS} keys (${LOOKUP_RUNS} runs, HTTP round trip): median ${fmt(quantile(lookups, 0.5))}, p95 ${fmt(quantile(lookups, 0.95))}`,
    );

    // ---- 1. scan a page with 10,000 tokens ------------------------------
    const html = `<!doctype html><title>big log</title><pre>${Array.from({ length: TOKENS }, (_, i) => `line ${i} token=${generateSecret()}`).join('\n')}</pre>`;
    const page = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(html);
    });
    // 127.0.0.1 is in the extension's host permissions: the bench needs no activeTab grant (the e2e test covers that).
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/log`;
    const ext = await launchExtension();
    try {
      const options = await ext.context.newPage();
      await options.goto(ext.url('options'));
      await options.getByLabel('API URL').fill(server.url);
      await options.getByLabel('Admin token').fill(server.adminToken);
      await options.getByRole('button', { name: 'Connect', exact: true }).click();
      await options.getByText(/Connected/).waitFor();
      const tab = await ext.context.newPage();
      await tab.goto(pageUrl);
      const worker = await ext.worker();
      const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, pageUrl);
      if (tabId === undefined) throw new Error('bench tab not found');
      const panel = await ext.context.newPage();
      await panel.goto(`${ext.url('popup')}#leak&tab=${tabId}`);
      const scans: number[] = [];
      for (let i = 0; i < SCAN_RUNS + 1; i++) {
        const summary = panel.getByText(/Checked the first 1,000 of 10,000/);
        const started = performance.now();
        await panel.getByRole('button', { name: 'Scan this page' }).click();
        await summary.waitFor();
        const ms = performance.now() - started;
        if (i > 0) scans.push(ms); // the first run loads the panel's chunk paths and warms the worker
        await panel.getByLabel('Check a key').fill('reset');
        await panel.getByRole('button', { name: 'Check', exact: true }).click();
        await panel.getByText(/No Workbase key in the pasted text/).waitFor();
      }
      console.log(
        `scan of a page with ${TOKENS} tokens, click → results (${SCAN_RUNS} runs; 1,000 checked, 10 lookups of 100): median ${fmt(quantile(scans, 0.5))}, max ${fmt(Math.max(...scans))}`,
      );
    } finally {
      await ext.close();
      page.close();
      page.closeAllConnections();
    }
  } finally {
    await server.stop();
  }
}

await main();
