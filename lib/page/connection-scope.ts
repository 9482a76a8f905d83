// The popup's api, pinned to one connection: every key message and every
// create it sends names that connection, and it reads only that connection's
// cache. The popup gives each connection view its own pinned api, so a reply
// for A can only ever land in A's view, whatever the admin switched to since.
import type { AnyMessage } from '../shared/messages/define';
import type { Send } from './worker-client';

/** Messages whose body takes a connectionId (lib/shared/messages). */
const CONNECTION_SCOPED: ReadonlySet<string> = new Set([
  'keys.sync',
  'keys.rename',
  'keys.delete',
  'connection.get',
  'identity.get',
  'audit.list',
  'leak.lookup',
  'leak.revoke',
]);

export function scopedSend(send: Send, connectionId: string): Send {
  return ((message: AnyMessage, body?: object) =>
    CONNECTION_SCOPED.has(message.type) ? send(message, { ...body, connectionId }) : send(message, body as never)) as Send;
}
