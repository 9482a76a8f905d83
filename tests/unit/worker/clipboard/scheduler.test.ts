import { describe, expect, it, vi } from 'vitest';
import { CLIPBOARD_ALARM, createClipboardScheduler, dueAt, type SchedulerDeps } from '../../../../lib/worker/clipboard/scheduler';
import { createPendingStore, PENDING_KEY } from '../../../../lib/worker/clipboard/pending';
import type { ClearOutcome } from '../../../../lib/shared/clipboard/compare-clear';
import type { StorageAreaLike } from '../../../../lib/worker/stores/connection-store';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

/** storage.session stand-in: survives a "worker restart" (a new scheduler) like the real one. */
function memoryArea(): StorageAreaLike & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(key) {
      const k = key as string;
      return k in data ? { [k]: data[k] } : {};
    },
    async set(items) {
      Object.assign(data, items);
    },
    async remove(key) {
      delete data[key as string];
    },
  };
}

/** Injected clock + timers + alarms: tests move time explicitly, nothing waits for real. */
function world(session = memoryArea()) {
  let now = 1_000_000;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const alarms = new Map<string, number>();
  const clear = vi.fn(async (_sha: string): Promise<ClearOutcome> => 'cleared');
  const start = () => {
    const deps: SchedulerDeps = {
      store: createPendingStore(session),
      now: () => now,
      timers: {
        set: (run, ms) => {
          timers.set(++nextId, { at: now + ms, run });
          return nextId;
        },
        clear: (id) => void timers.delete(id as number),
      },
      alarms: {
        create: async (name, when) => void alarms.set(name, when),
        clear: async (name) => alarms.delete(name),
      },
      clear,
    };
    return createClipboardScheduler(deps);
  };
  /** Moves the clock and runs the timers that became due. */
  const advance = async (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= now) {
        timers.delete(id);
        t.run();
      }
    }
    await vi.waitFor(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { session, timers, alarms, clear, start, advance, now: () => now, killTimers: () => timers.clear() };
}

describe('clipboard clear scheduling', () => {
  it('computes the due time from the delay', () => {
    expect(dueAt(1_000, 30)).toBe(31_000);
  });

  it('clears at the due moment through the timer, and not before', async () => {
    const w = world();
    const scheduler = w.start();
    const pending = await scheduler.schedule(A, 30);
    expect(pending).toEqual({ sha256: A, dueAt: w.now() + 30_000 });
    expect(w.alarms.get(CLIPBOARD_ALARM)).toBe(pending.dueAt);
    await w.advance(29_999);
    expect(w.clear).not.toHaveBeenCalled();
    await w.advance(1);
    expect(w.clear).toHaveBeenCalledExactlyOnceWith(A);
    // Taken: the back-up alarm is gone and nothing is left in storage.
    expect(w.alarms.has(CLIPBOARD_ALARM)).toBe(false);
    expect(w.session.data[PENDING_KEY]).toBeUndefined();
  });

  it('a newer copy replaces the earlier pending clear', async () => {
    const w = world();
    const scheduler = w.start();
    await scheduler.schedule(A, 30);
    await w.advance(10_000);
    await scheduler.schedule(B, 30);
    await w.advance(20_000); // A's original due time
    expect(w.clear).not.toHaveBeenCalled();
    await w.advance(10_000);
    expect(w.clear).toHaveBeenCalledExactlyOnceWith(B);
  });

  it('after a worker restart, the alarm back-up clears what the old worker scheduled', async () => {
    const w = world();
    await w.start().schedule(A, 60);
    w.killTimers(); // the worker stopped: its setTimeout is gone, storage.session and the alarm remain
    const restarted = w.start();
    await w.advance(61_000);
    expect(await restarted.runDue()).toBe('cleared'); // the alarm woke the new worker
    expect(w.clear).toHaveBeenCalledExactlyOnceWith(A);
  });

  it('on restart, resume re-arms the timer for the remaining time', async () => {
    const w = world();
    await w.start().schedule(A, 60);
    w.killTimers();
    await w.advance(20_000);
    const restarted = w.start();
    await restarted.resume();
    await w.advance(39_999);
    expect(w.clear).not.toHaveBeenCalled();
    await w.advance(1);
    expect(w.clear).toHaveBeenCalledExactlyOnceWith(A);
  });

  it('timer and alarm both firing clear once', async () => {
    const w = world();
    const scheduler = w.start();
    await scheduler.schedule(A, 30);
    await w.advance(30_000);
    expect(await scheduler.runDue()).toBe('nothing_due');
    expect(w.clear).toHaveBeenCalledTimes(1);
  });

  it('an alarm before the due time does nothing yet', async () => {
    const w = world();
    const scheduler = w.start();
    await scheduler.schedule(A, 30);
    expect(await scheduler.runDue()).toBe('not_yet');
    expect(w.clear).not.toHaveBeenCalled();
  });

  it('drops an unreadable pending entry instead of acting on it', async () => {
    const w = world();
    w.session.data[PENDING_KEY] = { sha256: 'not-a-hash', dueAt: 0 };
    expect(await w.start().runDue()).toBe('discarded_corrupt');
    expect(w.clear).not.toHaveBeenCalled();
    expect(w.session.data[PENDING_KEY]).toBeUndefined();
  });

  it('reports a failed clear without throwing, and stores only the hash and the time', async () => {
    const w = world();
    const scheduler = w.start();
    await scheduler.schedule(A, 30);
    expect(w.session.data[PENDING_KEY]).toEqual({ sha256: A, dueAt: w.now() + 30_000 });
    w.clear.mockRejectedValueOnce(new Error('Reading the clipboard was refused (clipboardRead).'));
    await w.advance(30_000);
    expect(await scheduler.runDue()).toBe('nothing_due');
  });
});
