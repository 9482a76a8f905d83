// A focused before/after of the cached popup open, for a change to the popup's
// load path: two built extensions (A = before, B = after) against ONE seeded
// server, their opens interleaved (A, B, A, B…) so a noisy shared machine
// hits both alike, and the floor (the static page) measured in the same run.
//   npx tsx bench/popup-ab.ts <before chrome-mv3 dir> [<after dir>]
// Without an after dir, this worktree is built privately. Knobs: BENCH_SIZES, BENCH_RUNS.
import { rmSync } from 'node:fs';
import { makeFloorExtension, measureFloor } from './floor';
import { launchAt } from './launch';
import { cachedOpens, staticSnapshot, type OpenSample } from './popup';
import { connect, privateBuild, seededServer } from './setup';
import { median, ms, p95 } from './stats';
import { syncRuns } from './worker';

const log = (line: string) => process.stderr.write(`${line}\n`);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SYNC_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 5);

async function main(): Promise<void> {
  const before = process.argv[2];
  if (!before) throw new Error('usage: tsx bench/popup-ab.ts <before chrome-mv3 dir> [<after dir>]');
  const after = process.argv[3] ?? (await privateBuild(log));
  const lines = ['| N | before median | after median | before p95 | after p95 | floor median |', '|---|---|---|---|---|---|'];
  const syncLines = ['| N | before median | after median |', '|---|---|---|'];
  for (const n of SIZES) {
    log(`N = ${n}: seeding, connecting both builds…`);
    const server = await seededServer(n);
    const a = await launchAt(before);
    const b = await launchAt(after);
    let floorDir: string | undefined;
    try {
      await connect(a, server);
      await connect(b, server);
      const sa: OpenSample[] = [];
      const sb: OpenSample[] = [];
      for (let i = 0; i < RUNS; i++) {
        sa.push(...(await cachedOpens(a, 1, n > 0)));
        sb.push(...(await cachedOpens(b, 1, n > 0)));
      }
      // keys.sync round trips (the worker lists, writes the cache and answers), interleaved the same way.
      const ya: number[] = [];
      const yb: number[] = [];
      for (let i = 0; i < SYNC_RUNS; i++) {
        ya.push(...(await syncRuns(a, 1)).map((s) => s.ms));
        yb.push(...(await syncRuns(b, 1)).map((s) => s.ms));
      }
      syncLines.push(`| ${n.toLocaleString('en-US')} | ${ms(median(ya))} | ${ms(median(yb))} |`);
      log(syncLines.at(-1)!);
      floorDir = makeFloorExtension(after, new Map([['floor.html', await staticSnapshot(b)]]));
      await a.close();
      await b.close();
      const floor = (await measureFloor(floorDir, ['floor.html'], RUNS)).get('floor.html')!;
      const A = sa.map((s) => s.keysPainted);
      const B = sb.map((s) => s.keysPainted);
      lines.push(`| ${n.toLocaleString('en-US')} | ${ms(median(A))} | ${ms(median(B))} | ${ms(p95(A))} | ${ms(p95(B))} | ${ms(median(floor))} |`);
      log(lines.at(-1)!);
    } finally {
      await a.close().catch(() => undefined);
      await b.close().catch(() => undefined);
      if (floorDir) rmSync(floorDir, { recursive: true, force: true });
      await server.stop();
      rmSync(server.dbDir, { recursive: true, force: true });
    }
  }
  console.log(`popup cached open → list painted (ms, ${RUNS} interleaved opens each)\n${lines.join('\n')}`);
  console.log(`\nkeys.sync round trip (ms, ${SYNC_RUNS} interleaved each)\n${syncLines.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
