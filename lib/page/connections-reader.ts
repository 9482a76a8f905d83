// The pages' read of the connection list, straight from storage (no worker
// round trip, so the popup header paints with the first screen). Parsed with
// the same rules as the worker's (lib/shared/settings/connections.ts). Before
// the worker has migrated the old single connection there is no list yet:
// then the worker is asked, which migrates first.
import { browser } from 'wxt/browser';
import {
  CONNECTIONS_KEY,
  CURRENT_KEY,
  mergeConnections,
  pickCurrent,
  readManagedPolicy,
  readStoredConnections,
  type Connection,
} from '../shared/settings/connections';
import { connectionsList } from '../shared/messages/connections-list';
import type { Send } from './worker-client';

export interface PageConnections {
  connections: Connection[];
  current: Connection | null;
}

async function readManaged(): Promise<Connection[]> {
  try {
    const managed = (browser.storage as { managed?: { get(keys: null): Promise<Record<string, unknown>> } }).managed;
    const read = readManagedPolicy(await managed?.get(null));
    return read.ok ? read.connections : [];
  } catch {
    return []; // Firefox without a policy rejects
  }
}

export async function readConnections(send: Send): Promise<PageConnections> {
  const [local, managed] = await Promise.all([browser.storage.local.get([CONNECTIONS_KEY, CURRENT_KEY]), readManaged()]);
  const own = readStoredConnections(local[CONNECTIONS_KEY]);
  if (own.ok && own.value === null && managed.length === 0) {
    // Nothing stored yet: the worker migrates the old single connection (or answers none).
    const reply = await send(connectionsList);
    if ('error' in reply) return { connections: [], current: null };
    const connections: Connection[] = reply.ok.connections.map(({ hasCredential: _, ...c }) => c);
    return { connections, current: connections.find((c) => c.id === reply.ok.currentId) ?? connections[0] ?? null };
  }
  const connections = mergeConnections(managed, own.ok ? (own.value?.connections ?? []) : [], own.ok ? own.value?.managedRemember : undefined);
  return { connections, current: pickCurrent(connections, local[CURRENT_KEY]) };
}
