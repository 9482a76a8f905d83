// Failed-authentication limits. They slow online guessing of admin tokens and
// key secrets without letting anyone lock out a credential that works:
//
// - Two scopes, each its own limiter: admin authentication (/v1/keys*) and key
//   checks (/v1/whoami). A service hammering /v1/whoami with a revoked key
//   never touches the admin budget.
// - Per credential (SHA-256 of the presented token): one wrong credential
//   retried over and over is refused on its own after maxFailuresPerCredential
//   attempts. A credential that works never fails, so it never reaches this.
// - Per address: at most maxFailures *distinct* wrong credentials per window.
//   Guessing needs distinct credentials; a misconfigured client repeating one
//   wrong token costs its address one unit, not one per request.
// - When an address is over its budget, only credentials that already
//   authenticated from that address (within TRUST_MS) are still checked;
//   everything else gets 429 without a lookup. So a blocked guesser learns
//   nothing (a correct token never used from there is refused like a wrong
//   one), while the admin who was working from that address keeps working.
//
// Windows are fixed; successes never count. In memory, bounded; on a shared
// database (PostgreSQL) each failure is also counted there, in one statement,
// and the shared counts it returns decide: N nodes together allow the
// single-node budget, plus at most one attempt per other node (each learns of
// a block at its own next failure). Checks and successes read and write
// nothing shared, so a request that authenticates pays nothing for this.
// Trust is per node: a node trusts what it saw succeed from an address.
import type { Clock } from './clock';
import type { SharedAuthFailures } from './store';

export interface RateLimitOptions {
  /** Distinct failed credentials per address per window; then untrusted credentials from it get 429. */
  maxFailures: number;
  /** Failed attempts with one credential per window; then that credential gets 429. Default: maxFailures / 5. */
  maxFailuresPerCredential?: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { maxFailures: 50, windowMs: 60_000 };

/** How long a success from an address keeps that (address, credential) pair usable through a block. */
const TRUST_MS = 24 * 60 * 60 * 1000;

// Bounds memory under a flood from many addresses or credentials; stale entries go first.
const MAX_TRACKED = 10_000;

export type Blocked = { retryAfter: number; reason: 'credential' | 'address' };

interface Window {
  start: number;
  failures: number;
}

interface AddressWindow {
  start: number;
  failed: Set<string>;
  /** Distinct failed credentials from this address across all nodes, as last counted by the database. */
  shared?: number;
}

/** A map with an entry cap: expired entries are pruned first, then the oldest. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly expired: (value: V) => boolean) {
    super();
  }

  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= MAX_TRACKED) {
      for (const [k, v] of this) if (this.expired(v)) this.delete(k);
      while (this.size >= MAX_TRACKED) {
        const oldest = this.keys().next();
        if (oldest.done) break;
        this.delete(oldest.value);
      }
    }
    return super.set(key, value);
  }
}

export class AuthLimiter {
  private readonly perCredentialMax: number;
  private readonly credentials: BoundedMap<Window>;
  private readonly addresses: BoundedMap<AddressWindow>;
  /** `address \0 credentialHash` → last success. */
  private readonly trusted: BoundedMap<number>;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: Clock,
    private readonly shared: { counts: SharedAuthFailures; scope: string } | null = null,
  ) {
    this.perCredentialMax = options.maxFailuresPerCredential ?? Math.max(1, Math.ceil(options.maxFailures / 5));
    const stale = (w: { start: number }) => this.clock() >= w.start + this.options.windowMs;
    this.credentials = new BoundedMap<Window>(stale);
    this.addresses = new BoundedMap<AddressWindow>(stale);
    this.trusted = new BoundedMap<number>((at) => this.clock() >= at + TRUST_MS);
  }

  /**
   * Whether this attempt must be refused before the credential is even looked
   * up. Asynchronous like a limiter whose state lives in the database.
   */
  async check(address: string, credentialHash: string): Promise<Blocked | null> {
    const now = this.clock();
    const cred = this.live(this.credentials, credentialHash, now);
    if (cred && cred.failures >= this.perCredentialMax) return { retryAfter: this.secondsLeft(cred, now), reason: 'credential' };
    const addr = this.live(this.addresses, address, now);
    if (addr && Math.max(addr.failed.size, addr.shared ?? 0) >= this.options.maxFailures && !this.isTrusted(address, credentialHash, now)) {
      return { retryAfter: this.secondsLeft(addr, now), reason: 'address' };
    }
    return null;
  }

  async recordFailure(address: string, credentialHash: string): Promise<void> {
    const now = this.clock();
    const cred = this.live(this.credentials, credentialHash, now);
    if (cred) cred.failures++;
    else this.credentials.set(credentialHash, { start: now, failures: 1 });
    const addr = this.live(this.addresses, address, now);
    if (!addr) this.addresses.set(address, { start: now, failed: new Set([credentialHash]) });
    // Capped at the budget: the set never grows past what the decision needs.
    else if (addr.failed.size < this.options.maxFailures) addr.failed.add(credentialHash);
    if (this.shared) await this.recordShared(address, credentialHash, now);
  }

  /** Adopts the shared counts where they exceed what this node saw itself. */
  private async recordShared(address: string, credentialHash: string, now: number): Promise<void> {
    if (!this.shared) return;
    const counts = await this.shared.counts.record({
      scope: this.shared.scope,
      address,
      credentialHash,
      now,
      windowMs: this.options.windowMs,
      maxDistinct: this.options.maxFailures,
    });
    const cred = this.live(this.credentials, credentialHash, now);
    if (!cred || counts.credential.failures > cred.failures) {
      this.credentials.set(credentialHash, { start: counts.credential.start, failures: counts.credential.failures });
    }
    const addr = this.live(this.addresses, address, now);
    if (addr) addr.shared = Math.max(addr.shared ?? 0, counts.address.distinct);
    else this.addresses.set(address, { start: counts.address.start, failed: new Set(), shared: counts.address.distinct });
  }

  recordSuccess(address: string, credentialHash: string): void {
    const key = `${address}\0${credentialHash}`;
    const now = this.clock();
    const at = this.trusted.get(key);
    // Hot path (whoami): refresh at most once a minute, not on every request.
    if (at !== undefined && now - at < 60_000) return;
    this.trusted.delete(key); // re-insert: most recent last, so the oldest are evicted first
    this.trusted.set(key, now);
  }

  private isTrusted(address: string, credentialHash: string, now: number): boolean {
    const at = this.trusted.get(`${address}\0${credentialHash}`);
    return at !== undefined && now < at + TRUST_MS;
  }

  private live<W extends { start: number }>(map: Map<string, W>, key: string, now: number): W | undefined {
    const w = map.get(key);
    if (w && now >= w.start + this.options.windowMs) {
      map.delete(key);
      return undefined;
    }
    return w;
  }

  private secondsLeft(w: { start: number }, now: number): number {
    return Math.max(1, Math.ceil((w.start + this.options.windowMs - now) / 1000));
  }
}

/** The two independent scopes. */
export interface AuthLimiters {
  admin: AuthLimiter;
  key: AuthLimiter;
}

/** `shared`: the store's cross-node counters, when it has them (PostgreSQL). */
export function createLimiters(options: RateLimitOptions, clock: Clock, shared: SharedAuthFailures | null = null): AuthLimiters {
  return {
    admin: new AuthLimiter(options, clock, shared && { counts: shared, scope: 'admin' }),
    key: new AuthLimiter(options, clock, shared && { counts: shared, scope: 'key' }),
  };
}
