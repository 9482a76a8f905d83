// Benchmark fixture: `tsx server/seed.ts --db .data/bench.db --count 100000`.
// Inserts N keys in one transaction (seconds, not minutes). The secrets are
// thrown away; only their hashes are stored, exactly as the server would.
import { parseArgs } from 'node:util';
import { generateSecret, secretHint } from '../lib/api/secret';
import { closeDb, openDb } from './db';
import { newKeyId, sha256Hex } from './keys';
import { Store } from './store';

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

const db = openDb(values.db);
const store = new Store(db);
const started = performance.now();
const now = Date.now();
db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const secret = generateSecret();
    store.insertKey({
      id: newKeyId(),
      name: `seed key ${i}`,
      hint: secretHint(secret),
      secretHash: sha256Hex(secret),
      // Spread over the past ~year, several per second, with some exact ties.
      createdAt: now - Math.floor(i / 3) * 300,
      // A third never expire; the rest expire within the coming ~year, some already have.
      expiresAt: i % 3 === 0 ? null : now + ((i * 7919) % 31_536_000_000) - 86_400_000,
    });
  }
})();
const total = store.countKeys();
closeDb(db);
process.stdout.write(`seeded ${count} keys into ${values.db} in ${Math.round(performance.now() - started)} ms (${total} keys total)\n`);
