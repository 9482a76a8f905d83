// When to clear. A timer fires at the exact moment while the worker lives; a
// chrome.alarms back-up wakes a worker that was stopped meanwhile (alarms may
// fire late, never early). Whichever comes first takes the pending entry;
// the other finds nothing to do. One entry at a time: a newer copy replaces it.
import type { ClearOutcome } from '../../shared/clipboard/compare-clear';
import type { PendingClear, PendingStore } from './pending';

export const CLIPBOARD_ALARM = 'clipboard-clear';

type RunResult = ClearOutcome | 'nothing_due' | 'not_yet' | 'discarded_corrupt' | 'failed';

export interface SchedulerDeps {
  store: PendingStore;
  /** Epoch milliseconds. */
  now(): number;
  timers: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
  alarms: { create(name: string, whenMs: number): Promise<void>; clear(name: string): Promise<unknown> };
  /** Reads, compares and clears (offscreen document or background page). */
  clear(sha256: string): Promise<ClearOutcome>;
  /** Told why a clear failed; the message never contains clipboard text. */
  onFailure?(error: unknown): void;
}

export interface ClipboardScheduler {
  schedule(sha256: string, delaySeconds: number): Promise<PendingClear>;
  /** Worker start: re-arm the timer for a clear still pending from before a restart. */
  resume(): Promise<void>;
  /** Timer or alarm fired: clear if due. */
  runDue(): Promise<RunResult>;
}

export function dueAt(nowMs: number, delaySeconds: number): number {
  return nowMs + delaySeconds * 1000;
}

export function createClipboardScheduler(deps: SchedulerDeps): ClipboardScheduler {
  let timer: unknown;
  // Serialize every step: a copy arriving while a clear runs must not be lost or cleared early.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step, step);
    chain = next.catch(() => undefined);
    return next;
  };

  const arm = (at: number) => {
    if (timer !== undefined) deps.timers.clear(timer);
    timer = deps.timers.set(
      () => {
        timer = undefined;
        void scheduler.runDue();
      },
      Math.max(0, at - deps.now()),
    );
  };
  const disarm = () => {
    if (timer !== undefined) deps.timers.clear(timer);
    timer = undefined;
  };

  const scheduler: ClipboardScheduler = {
    schedule: (sha256, delaySeconds) =>
      serial(async () => {
        const pending = { sha256, dueAt: dueAt(deps.now(), delaySeconds) };
        await deps.store.save(pending);
        await deps.alarms.create(CLIPBOARD_ALARM, pending.dueAt);
        arm(pending.dueAt);
        return pending;
      }),
    resume: () =>
      serial(async () => {
        const loaded = await deps.store.load();
        if (loaded.state === 'ok') arm(loaded.value.dueAt);
        // A corrupt entry is dropped by runDue; arm now so that happens at once.
        if (loaded.state === 'corrupt') arm(deps.now());
      }),
    runDue: () =>
      serial(async (): Promise<RunResult> => {
        const loaded = await deps.store.load();
        if (loaded.state === 'none') return 'nothing_due';
        if (loaded.state === 'corrupt') {
          await deps.store.remove();
          return 'discarded_corrupt';
        }
        if (loaded.value.dueAt > deps.now()) {
          arm(loaded.value.dueAt); // a timer that fired a hair early, or a stale alarm
          return 'not_yet';
        }
        // Take it first: a late alarm after this finds nothing to do.
        await deps.store.remove();
        disarm();
        await deps.alarms.clear(CLIPBOARD_ALARM);
        try {
          return await deps.clear(loaded.value.sha256);
        } catch (error) {
          deps.onFailure?.(error);
          return 'failed';
        }
      }),
  };
  return scheduler;
}
