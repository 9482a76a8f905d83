// Failed-authentication limiter, per client address, fixed window. It slows
// guessing of admin tokens and key secrets; successful requests never count,
// so normal use (and the e2e suite) never trips it.
import type { Clock } from './clock';

export interface RateLimitOptions {
  /** Failures allowed per window; the next attempt in the window gets 429. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { maxFailures: 50, windowMs: 60_000 };

// Bounds memory under a flood from many addresses; stale windows are dropped first.
const MAX_TRACKED_ADDRESSES = 10_000;

interface Window {
  start: number;
  failures: number;
}

export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the address may try again, or 0 when it is not blocked. */
  retryAfterSeconds(address: string): number {
    const now = this.clock();
    const w = this.windows.get(address);
    if (!w) return 0;
    const end = w.start + this.options.windowMs;
    if (now >= end) {
      this.windows.delete(address);
      return 0;
    }
    return w.failures >= this.options.maxFailures ? Math.max(1, Math.ceil((end - now) / 1000)) : 0;
  }

  recordFailure(address: string): void {
    const now = this.clock();
    const w = this.windows.get(address);
    if (w && now < w.start + this.options.windowMs) {
      w.failures++;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) this.prune(now);
    this.windows.set(address, { start: now, failures: 1 });
  }

  private prune(now: number): void {
    for (const [address, w] of this.windows) {
      if (now >= w.start + this.options.windowMs) this.windows.delete(address);
    }
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (this.windows.size >= MAX_TRACKED_ADDRESSES) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
  }
}
