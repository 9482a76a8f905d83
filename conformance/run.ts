// Runs the checks against one implementation: snapshots the keys that are not
// this run's, runs every check, deletes every key the run made, then proves
// the others are exactly as they were. Used by the CLI and by npm test.
import { randomBytes } from 'node:crypto';
import { ListKeysResponse, type KeyMeta } from '../lib/shared/contract/schemas';
import { CHECKS, CheckFailed, Skipped, type Check } from './checks';
import { Client } from './client';

export interface Result {
  name: string;
  section: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

export interface RunOptions {
  url: string;
  adminToken: string;
  /** Only checks whose name contains this. */
  only?: string;
  /** Through a validating proxy: checks of what a proxy itself answers (unknown methods on the wire) are skipped. */
  proxied?: boolean;
}

/** Every key on the server, walking the pages; throws if the list itself does not work. */
async function allKeys(client: Client): Promise<KeyMeta[]> {
  const keys: KeyMeta[] = [];
  let cursor: string | null = null;
  do {
    const a = await client.req('GET', `/v1/keys?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = ListKeysResponse.safeParse(a.json);
    if (a.status !== 200 || !page.success) throw new Error(`GET /v1/keys answered ${a.status} ${a.text.slice(0, 200)}`);
    keys.push(...page.data.keys);
    cursor = page.data.nextCursor;
  } while (cursor !== null);
  return keys;
}

async function runOne(check: Pick<Check, 'name' | 'section' | 'run'>, run: () => Promise<void | Skipped>): Promise<Result> {
  const started = performance.now();
  const done = (outcome: Result['outcome'], detail = '') => ({
    name: check.name,
    section: check.section,
    outcome,
    detail,
    ms: Math.round(performance.now() - started),
  });
  try {
    const r = await run();
    return r instanceof Skipped ? done('skip', r.reason) : done('pass');
  } catch (error) {
    return done('fail', error instanceof CheckFailed ? error.message : String(error instanceof Error ? (error.stack ?? error.message) : error));
  }
}

export async function runConformance(options: RunOptions): Promise<Result[]> {
  const client = new Client(options.url.replace(/\/+$/, ''), options.adminToken, options.proxied ?? false);
  // Names no other key has: the kit never touches a key whose name lacks it.
  const prefix = `conformance-${randomBytes(4).toString('hex')}-`;
  const ctx = { client, prefix, proxied: options.proxied ?? false };
  const results: Result[] = [];
  const key = (k: KeyMeta) => JSON.stringify([k.id, k.name, k.createdAt, k.expiresAt]);
  const others = (await allKeys(client)).map(key);

  for (const check of CHECKS) {
    if (options.only !== undefined && !check.name.includes(options.only)) continue;
    results.push(await runOne(check, () => check.run(ctx)));
  }

  const every = (name: string, problems: string[]) =>
    runOne({ name, section: 'Conventions; Errors', run: async () => undefined }, async () => {
      if (problems.length) throw new CheckFailed(`${problems.length} answers, e.g. ${problems.slice(0, 3).join('; ')}`);
    });
  results.push(await every('every answer carries Cache-Control: no-store', client.everyAnswer.noStore));
  results.push(await every('every non-2xx answer is the JSON error envelope', client.everyAnswer.envelope));
  results.push(await every('no answer carries CORS headers', client.everyAnswer.cors));
  results.push(await every('every answer carries X-Request-Id', client.everyAnswer.requestId));

  // Clean up: the keys the run saw made, and any key named with the prefix (a create whose answer was lost).
  const leftovers = (await allKeys(client)).filter((k) => k.name.startsWith(prefix) || client.madeKeys.has(k.id));
  results.push(
    await runOne(
      { name: 'cleanup: every key this run made is deleted, and only those', section: 'DELETE /v1/keys/{id}', run: async () => undefined },
      async () => {
        for (const k of leftovers) {
          if (!k.name.startsWith(prefix) && !client.madeKeys.has(k.id)) continue;
          const a = await client.req('DELETE', `/v1/keys/${k.id}`);
          if (a.status !== 204) throw new CheckFailed(`DELETE ${k.id} answered ${a.status}`);
        }
        const after = (await allKeys(client)).map(key);
        const missing = others.filter((k) => !after.includes(k));
        const extra = after.filter((k) => !others.includes(k));
        if (missing.length || extra.length) {
          throw new CheckFailed(
            `other keys changed: ${missing.length} gone or altered, ${extra.length} new or altered (another client may have changed keys meanwhile)`,
          );
        }
      },
    ),
  );
  return results;
}

/** The table: check, contract section, outcome. */
export function formatTable(results: readonly Result[]): string {
  const rows = results.map((r) => [r.outcome === 'pass' ? 'PASS' : r.outcome === 'fail' ? 'FAIL' : 'SKIP', r.name, r.section]);
  const width = [4, Math.max(5, ...rows.map((r) => r[1]!.length)), Math.max(7, ...rows.map((r) => r[2]!.length))];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]!))
      .join(' | ')
      .trimEnd();
  const out = [line(['', 'check', 'section']), width.map((w) => '-'.repeat(w)).join('-|-')];
  for (const [i, r] of rows.entries()) {
    out.push(line(r));
    const detail = results[i]!.detail;
    if (detail) out.push(`       ↳ ${detail.split('\n')[0]}`);
  }
  const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
  out.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return out.join('\n');
}
