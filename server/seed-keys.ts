// Fixture keys for benchmarks, shared by the seed CLI and bench/server.ts.
// Secrets are thrown away; only their hashes are stored, as the server would.
import { generateSecret, secretHint } from '../lib/shared/contract/secret';
import { newKeyId, sha256Hex } from './keys';
import type { NewKey, Store } from './store';

function seedKey(i: number, now: number): NewKey {
  const secret = generateSecret();
  return {
    id: newKeyId(),
    name: `seed key ${i}`,
    hint: secretHint(secret),
    secretHash: sha256Hex(secret),
    // Spread over the past ~year, several per second, with some exact ties.
    createdAt: now - Math.floor(i / 3) * 300,
    // A third never expire; the rest expire within the coming ~year, some already have.
    expiresAt: i % 3 === 0 ? null : now + ((i * 7919) % 31_536_000_000) - 86_400_000,
  };
}

const BATCH = 1000;

/**
 * Inserts keys number `from` to `from + count - 1`, a thousand per transaction
 * (seconds, not minutes; inserts within a batch are pipelined on PostgreSQL).
 * Calling it again with the next `from` grows the same spread.
 */
export async function seedKeys(store: Store, count: number, now: number, from = 0): Promise<void> {
  for (let start = from; start < from + count; start += BATCH) {
    const end = Math.min(from + count, start + BATCH);
    await store.atomically(async (tx) => {
      const inserts: Promise<void>[] = [];
      for (let i = start; i < end; i++) inserts.push(tx.insertKey(seedKey(i, now)));
      await Promise.all(inserts);
    });
  }
}
