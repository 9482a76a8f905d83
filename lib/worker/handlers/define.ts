import type { MessageOf, MessageType } from '../../shared/messages';
import type { RequestOf, ResponseOf } from '../../shared/messages/define';
import type { Context } from '../context';

/** A handler answers its message's value, or throws (ApiFailure for anything the admin should read). */
export type Handler<T extends MessageType> = (ctx: Context, request: RequestOf<MessageOf<T>>) => Promise<ResponseOf<MessageOf<T>>>;
