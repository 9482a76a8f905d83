// lastUsedAt without a write per request: whoami stays read-only (one indexed
// lookup), and each node remembers the latest use of each key in memory and
// writes them all in one batched update every flush interval and on graceful
// shutdown. The update only ever moves lastUsedAt forward (the `<` guard), so
// nodes flushing in any order, or a late flush, never move it back. A crash
// loses at most one interval of lastUsedAt, never a key.
import type { Store } from './store';

/** At most this long between a use and its write. */
const LAST_USED_FLUSH_MS = 30_000;

export class LastUsedBuffer {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'touchKeys'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  record(keyId: string, at: number): void {
    const previous = this.pending.get(keyId);
    if (previous === undefined || at > previous) this.pending.set(keyId, at);
  }

  /** Starts the periodic flush; unref'd, so it never keeps the process alive. */
  start(intervalMs = LAST_USED_FLUSH_MS): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Writes everything recorded so far; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** The last flush (graceful shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.touchKeys([...batch].map(([id, at]) => ({ id, at })));
    } catch (error) {
      // Database away: keep the uses for the next flush (newest wins).
      for (const [id, at] of batch) this.record(id, at);
      this.onError(error);
    }
  }
}
