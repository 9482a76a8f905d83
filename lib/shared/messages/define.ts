// How a message between the pages (popup, options) and the worker is defined:
// its type, the body the page sends and the answer the worker gives, as zod
// schemas in one small file per message beside this one. The worker parses the
// whole request on arrival; the page parses the answer. Answers are values,
// `{ok}` or `{error}`: errors are serialized, never thrown across the port.
// A page imports only the messages it sends, so its bundle carries only theirs.
import { z } from '../contract/zod';
import { ErrorInfo } from '../errors';

type Shape = Record<string, z.ZodMiniType>;

export function defineMessage<T extends string, B extends Shape, R extends z.ZodMiniType>(type: T, spec: { body: B; response: R }) {
  return {
    type,
    /** The whole request as it travels: `{type, ...body}`, nothing more. */
    request: z.strictObject({ type: z.literal(type), ...spec.body }),
    response: spec.response,
  };
}

export interface AnyMessage {
  readonly type: string;
  readonly request: z.ZodMiniType<{ type: string }>;
  readonly response: z.ZodMiniType;
}
export type RequestOf<M extends AnyMessage> = z.infer<M['request']>;
export type BodyOf<M extends AnyMessage> = Omit<RequestOf<M>, 'type'>;
export type ResponseOf<M extends AnyMessage> = z.infer<M['response']>;

export type Reply<T> = { ok: T } | { error: ErrorInfo };

export function replySchema<T extends z.ZodMiniType>(value: T) {
  return z.union([z.strictObject({ ok: value }), z.strictObject({ error: ErrorInfo })]);
}
