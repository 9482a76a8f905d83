// Benchmark fixture: `tsx server/seed.ts --db .data/bench.db --count 100000`.
// Inserts N keys in one transaction (seconds, not minutes). The secrets are
// thrown away; only their hashes are stored, exactly as the server would.
import { parseArgs } from 'node:util';
import { seedKeys } from './seed-keys';
import { openStore } from './store';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '.data/keys.db' },
    count: { type: 'string', default: '100000' },
  },
  strict: true,
});

const count = Number(values.count);
if (!Number.isSafeInteger(count) || count < 1) {
  process.stderr.write(`error: --count must be a positive integer, got "${values.count}".\n`);
  process.exit(2);
}

const store = await openStore(values.db);
const started = performance.now();
await seedKeys(store, count, Date.now());
const total = await store.countKeys();
await store.close();
process.stdout.write(`seeded ${count} keys into ${values.db} in ${Math.round(performance.now() - started)} ms (${total} keys total)\n`);
