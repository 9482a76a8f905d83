// The popup's read of the connection list, straight from storage (no worker
// round trip, so the header paints with the first screen): the worker's
// resolved copy (own and managed connections, already checked against the URL
// rules and the policy) and the current id, parsed like any stored value.
// When there is no copy yet (first open after an update, before the worker
// migrated the old single connection) the worker is asked, which migrates first.
import { browser } from 'wxt/browser';
import { CURRENT_KEY, RESOLVED_KEY } from '../shared/settings/connection-keys';
import { pickCurrent, ResolvedConnections, type Connection } from '../shared/settings/connection-info';
import { connectionsList } from '../shared/messages/connections-list';
import type { Send } from './worker-client';

export interface PageConnections {
  connections: Connection[];
  current: Connection | null;
}

export async function readConnections(send: Send): Promise<PageConnections> {
  const local = await browser.storage.local.get([RESOLVED_KEY, CURRENT_KEY]);
  const resolved = ResolvedConnections.safeParse(local[RESOLVED_KEY]);
  if (resolved.success) return { connections: resolved.data, current: pickCurrent(resolved.data, local[CURRENT_KEY]) };
  const reply = await send(connectionsList);
  if ('error' in reply) return { connections: [], current: null };
  const connections: Connection[] = reply.ok.connections.map(({ hasCredential: _, ...c }) => c);
  return { connections, current: pickCurrent(connections, reply.ok.currentId) };
}
