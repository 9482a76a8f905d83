// CDP for things Playwright has no API for: the service worker's heap and a
// page's CPU profile. Playwright's CDPSession only attaches to pages, so the
// worker is reached through the page session with the (non-flattened)
// Target.sendMessageToTarget relay; Runtime.getHeapUsage answers there.
import type { CDPSession, Page } from '@playwright/test';
import type { ExtensionBrowser } from '../testkit/browser';

export interface TargetSession {
  call: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  detach: () => Promise<void>;
}

export async function attachToWorker(ext: ExtensionBrowser, page: Page): Promise<TargetSession> {
  const session: CDPSession = await ext.context.newCDPSession(page);
  const { targetInfos } = await session.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(ext.extensionId));
  if (!target) throw new Error('extension service worker target not found');
  const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  session.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result ?? {});
  });
  return {
    call(method, params = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    async detach() {
      await session.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await session.detach().catch(() => undefined);
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function (ms), biggest first: where the main thread actually spent its time. */
export function selfTimes(profile: CpuProfile, top = 12): { fn: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url ? url.replace(/^chrome-extension:\/\/[^/]+\//, '') : '';
    const fn = `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}:${columnNumber + 1}` : ''}`;
    // timeDeltas[i] is the gap before sample i; attribute the following gap to it instead.
    const gap = (deltas[i + 1] ?? 0) / 1000;
    totals.set(fn, (totals.get(fn) ?? 0) + gap);
  }
  return [...totals.entries()]
    .map(([fn, t]) => ({ fn, ms: Math.round(t * 10) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
