// The one pending clear, kept in storage.session: it survives a worker
// restart but never reaches disk. It holds a hash and a time, no secret.
import { z } from '../../shared/contract/zod';
import { Sha256Hex } from '../../shared/clipboard/hash';
import type { StorageAreaLike } from '../stores/connection-store';

export const PENDING_KEY = 'clipboard.pendingClear.v1';

export const PendingClear = z.strictObject({
  sha256: Sha256Hex,
  /** Epoch milliseconds. */
  dueAt: z.int().check(z.gte(0)),
});
export type PendingClear = z.infer<typeof PendingClear>;

type LoadedPending = { state: 'none' } | { state: 'ok'; value: PendingClear } | { state: 'corrupt' };

export interface PendingStore {
  load(): Promise<LoadedPending>;
  save(value: PendingClear): Promise<void>;
  remove(): Promise<void>;
}

export function createPendingStore(session: StorageAreaLike): PendingStore {
  return {
    async load() {
      const stored = (await session.get(PENDING_KEY))[PENDING_KEY];
      if (stored === undefined || stored === null) return { state: 'none' };
      const parsed = PendingClear.safeParse(stored);
      return parsed.success ? { state: 'ok', value: parsed.data } : { state: 'corrupt' };
    },
    save: (value) => session.set({ [PENDING_KEY]: value }),
    remove: () => session.remove(PENDING_KEY),
  };
}
