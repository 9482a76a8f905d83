// One entry for every runtime message: check who sent it, parse it with the
// protocol, dispatch to one small handler, and turn anything thrown into an
// {error} value (never a secret, never a stack).
import { describeIssues } from '../shared/contract/schemas';
import { MESSAGES, type Message, type MessageType } from '../shared/messages';
import type { Reply, RequestOf, ResponseOf } from '../shared/messages/define';
import { toErrorInfo, type ErrorInfo } from '../shared/errors';
import { isOwnSender, type SenderLike } from '../shared/sender';
import type { Context } from './context';
import { HANDLERS } from './handlers';
import type { Handler } from './handlers/define';

const BY_TYPE = new Map<string, Message>(MESSAGES.map((m) => [m.type, m]));

export const REFUSED: ErrorInfo = { code: 'internal', message: 'refused: not from this extension' };

export type AnyReply = Reply<ResponseOf<Message>>;

export async function handleRequest(raw: unknown, sender: SenderLike | undefined, ctx: Context): Promise<AnyReply> {
  if (!isOwnSender(sender, ctx.deps.runtime)) return { error: REFUSED };
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
  const message = typeof type === 'string' ? BY_TYPE.get(type) : undefined;
  if (!message) return { error: { code: 'internal', message: 'Message not understood: unknown type.' } };
  const parsed = message.request.safeParse(raw);
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

function dispatch(ctx: Context, request: RequestOf<Message>): Promise<ResponseOf<Message>> {
  // The request was parsed with the schema of its own type, so it fits that type's handler.
  const handler = HANDLERS[request.type] as Handler<MessageType>;
  return handler(ctx, request);
}
