// Fixture keys for benchmarks, shared by the seed CLI and bench/server.ts.
// Secrets are thrown away; only their hashes are stored, as the server would.
import { generateSecret, secretHint } from '../lib/shared/contract/secret';
import type { Db } from './db';
import { newKeyId, sha256Hex } from './keys';
import { Store } from './store';

/**
 * Inserts keys number `from` to `from + count - 1` in one transaction (seconds,
 * not minutes). Calling it again with the next `from` grows the same spread.
 */
export function seedKeys(db: Db, count: number, now: number, from = 0): void {
  const store = new Store(db);
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
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
}
