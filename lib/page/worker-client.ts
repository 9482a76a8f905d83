// The pages' (popup, options) side of the protocol. Never throws: a worker
// that is gone, restarting or answering nonsense becomes an ErrorInfo the UI
// can show. The create secret passes through here and is returned only to
// the caller; nothing in this file stores or logs it.
import { browser } from 'wxt/browser';
import { z } from '../shared/contract/zod';
import type { ErrorInfo } from '../shared/errors';
import { replySchema, type AnyMessage, type BodyOf, type Reply, type ResponseOf } from '../shared/messages/define';
import { CREATE_PORT, CreateResult, type CreateStart } from '../shared/messages/keys-create';

const WORKER_GONE_MESSAGE = "The extension's background worker didn't answer. Try again; if it keeps happening, reload the extension.";
const BAD_REPLY_MESSAGE = "The extension's background worker sent a reply this page doesn't understand. Reload the extension.";
export const CREATE_INTERRUPTED_MESSAGE =
  'The background worker stopped before answering. Check the key list: if the key appears there, delete it and generate a new one.';

/** A message with an empty body may be sent without one: `send(keysSync)`. */
type BodyArgs<M extends AnyMessage> = Partial<BodyOf<M>> extends BodyOf<M> ? [body?: BodyOf<M>] : [body: BodyOf<M>];

export type Send = <M extends AnyMessage>(message: M, ...body: BodyArgs<M>) => Promise<Reply<ResponseOf<M>>>;

function fail(code: ErrorInfo['code'], message: string): { error: ErrorInfo } {
  return { error: { code, message } };
}

export const send: Send = async (message, ...body) => {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage({ ...body[0], type: message.type });
  } catch {
    // "Could not establish connection. Receiving end does not exist." and friends.
    return fail('interrupted', WORKER_GONE_MESSAGE);
  }
  if (raw === undefined) return fail('interrupted', WORKER_GONE_MESSAGE);
  const parsed = z.safeParse(replySchema(message.response), raw);
  if (!parsed.success) return fail('internal', BAD_REPLY_MESSAGE);
  // The message's own response schema describes exactly ResponseOf<M>.
  return parsed.data as Reply<ResponseOf<typeof message>>;
};

export interface CreateInput {
  /** The connection to create in (absent: the current one). */
  connectionId?: string;
  name: string;
  expiresAt: string | null;
  idempotencyKey?: string;
  replace?: { id: string; graceSeconds: number };
}

/**
 * Creates a key over a Port: the worker knows whether this page is still there
 * to receive the secret. Resolves with the first message, or with an
 * 'interrupted' error if the port closes first.
 */
export function createKey(input: CreateInput): Promise<CreateResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: CreateResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: CREATE_PORT });
    } catch {
      settle(fail('interrupted', CREATE_INTERRUPTED_MESSAGE));
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const parsed = z.safeParse(CreateResult, message);
      settle(parsed.success ? parsed.data : fail('internal', BAD_REPLY_MESSAGE));
      // We have the answer: closing the port tells the worker it was received.
      try {
        port.disconnect();
      } catch {
        /* already closed */
      }
    });
    port.onDisconnect.addListener(() => settle(fail('interrupted', CREATE_INTERRUPTED_MESSAGE)));
    const start: CreateStart = {
      type: 'keys.create',
      ...(input.connectionId === undefined ? {} : { connectionId: input.connectionId }),
      name: input.name,
      expiresAt: input.expiresAt,
      ...(input.idempotencyKey === undefined ? {} : { idempotencyKey: input.idempotencyKey }),
      ...(input.replace === undefined ? {} : { replace: input.replace }),
    };
    try {
      port.postMessage(start);
    } catch {
      settle(fail('interrupted', CREATE_INTERRUPTED_MESSAGE));
    }
  });
}

/** Opens the options page (in a tab); errors are ignored, there is nothing to show them in. */
export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage().catch(() => undefined);
}
