// One entry for every runtime message: check who sent it, parse it with the
// protocol, dispatch to one small handler, and turn anything thrown into an
// {error} value (never a secret, never a stack).
import { describeIssues } from '../shared/contract/schemas';
import type { ErrorInfo, Reply, RequestType, Responses } from '../shared/messages/protocol';
import { Request } from '../shared/messages/requests';
import { ApiFailure, toErrorInfo } from '../shared/errors';
import { isOwnSender, type SenderLike } from '../shared/sender';
import type { Context } from './context';
import type { Handler } from './handlers/types';
import { connectionGet } from './handlers/connection-get';
import { connect } from './handlers/connect';
import { disconnect } from './handlers/disconnect';
import { sync } from './handlers/sync';
import { rename } from './handlers/rename';
import { deleteKey } from './handlers/delete';
import { takeNotices } from './handlers/notices';
import { preferencesGet, preferencesSave } from './handlers/preferences';
import { scheduleClipboardClear } from './handlers/clipboard';

// Placeholder until the preferences and clipboard handlers land.
async function notYet(): Promise<never> {
  throw new ApiFailure('internal', 'This feature is not available yet.');
}

const handlers: { [T in RequestType]: Handler<T> } = {
  'connection.get': connectionGet,
  'connection.connect': connect,
  'connection.disconnect': disconnect,
  'keys.sync': sync,
  'keys.rename': rename,
  'keys.delete': deleteKey,
  'notices.take': takeNotices,
  'preferences.get': preferencesGet,
  'preferences.save': preferencesSave,
  'clipboard.scheduleClear': scheduleClipboardClear,
};

export const REFUSED: ErrorInfo = { code: 'internal', message: 'refused: not from this extension' };

export type AnyReply = Reply<Responses[RequestType]>;

export async function handleRequest(raw: unknown, sender: SenderLike | undefined, ctx: Context): Promise<AnyReply> {
  if (!isOwnSender(sender, ctx.deps.runtime)) return { error: REFUSED };
  const parsed = Request.safeParse(raw);
  if (!parsed.success) {
    // describeIssues names the field and the rule, never the value sent.
    return { error: { code: 'internal', message: `Message not understood: ${describeIssues(parsed.error).message}` } };
  }
  try {
    return { ok: await dispatch(ctx, parsed.data) };
  } catch (error) {
    return { error: toErrorInfo(error) };
  }
}

function dispatch<T extends RequestType>(ctx: Context, request: Extract<Request, { type: T }>): Promise<Responses[T]> {
  const handler = handlers[request.type as T] as Handler<T>;
  return handler(ctx, request);
}
