import type { Request, RequestType, Responses } from '../../shared/messages/protocol';
import type { Context } from '../context';

export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
/** A handler answers its request's value, or throws (ApiFailure for anything the admin should read). */
export type Handler<T extends RequestType> = (ctx: Context, request: RequestOf<T>) => Promise<Responses[T]>;
