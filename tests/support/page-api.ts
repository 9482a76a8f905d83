// The one fake of what pages get from the outside world (components/api.ts):
// a worker that answers from per-type handlers and records every request,
// plus the popup's and options page's other doors. Pure values, no browser.
import { vi } from 'vitest';
import type { CachedList, OptionsApi, PopupApi } from '../../components/api';
import type { CreateInput, Send } from '../../lib/page/worker-client';
import type { AnyRequest, MessageType, ReplyTo } from '../../lib/shared/messages';
import type { CreateResult } from '../../lib/shared/messages/keys-create';

/** Answers per request type; a handler may return a promise the test resolves later. */
export type Handlers = {
  [K in MessageType]?: (req: Extract<AnyRequest, { type: K }>) => ReplyTo<K> | Promise<ReplyTo<K>>;
};

/** Pages send `(message, body)`; the fake worker sees the request as it travels: `{type, ...body}`. */
export function fakeSend(answer: (request: AnyRequest) => unknown): Send {
  return ((message: { type: string }, body?: object) => Promise.resolve(answer({ ...body, type: message.type } as AnyRequest))) as Send;
}

export interface FakeWorker {
  send: Send;
  /** Every request, in order. */
  sent: AnyRequest[];
}

/**
 * A worker that answers from `handlers`. With no handler: notices.take is an
 * empty list (every popup asks on open), anything else an internal error
 * naming the type, so an unexpected request shows in the page.
 */
export function fakeWorker(handlers: Handlers = {}, onRequest?: (req: AnyRequest) => void): FakeWorker {
  const sent: AnyRequest[] = [];
  const send = fakeSend((req) => {
    sent.push(req);
    onRequest?.(req);
    const handler = handlers[req.type] as ((r: AnyRequest) => unknown) | undefined;
    if (handler) return handler(req);
    if (req.type === 'notices.take') return { ok: [] };
    return { error: { code: 'internal', message: `unexpected ${req.type}` } };
  });
  return { send, sent };
}

export interface FakePopupOptions {
  handlers?: Handlers;
  /** What readCache() paints first; null: no cache. */
  cache?: CachedList | null;
  /** Answers to createKey, in order; then an internal error. */
  creates?: CreateResult[];
  now?: Date;
}

export type FakePopupApi = PopupApi &
  FakeWorker & {
    /** Every createKey input, in order. */
    inputs: CreateInput[];
    createKey: ReturnType<typeof vi.fn<PopupApi['createKey']>>;
    readCache: ReturnType<typeof vi.fn<PopupApi['readCache']>>;
    openOptions: ReturnType<typeof vi.fn<PopupApi['openOptions']>>;
    copy: ReturnType<typeof vi.fn<PopupApi['copy']>>;
  };

export function fakePopupApi(options: FakePopupOptions = {}): FakePopupApi {
  const worker = fakeWorker(options.handlers);
  const creates = [...(options.creates ?? [])];
  const inputs: CreateInput[] = [];
  const now = options.now;
  return {
    ...worker,
    inputs,
    createKey: vi.fn<PopupApi['createKey']>(async (input) => {
      inputs.push(input);
      return creates.shift() ?? { error: { code: 'internal', message: 'no more creates' } };
    }),
    readCache: vi.fn<PopupApi['readCache']>(async () => options.cache ?? null),
    openOptions: vi.fn<PopupApi['openOptions']>(),
    copy: vi.fn<PopupApi['copy']>(async () => {}),
    ...(now ? { now: () => now } : {}),
  };
}

export interface FakeOptionsOptions {
  handlers?: Handlers;
  /** Whether the API origin's host permission is already granted. */
  granted?: boolean;
  /** What the permission prompt answers. */
  grant?: boolean;
  /** The notifications permission: absent (no such API) unless given. */
  notifications?: { granted: boolean; grant: boolean };
}

export type FakeOptionsApi = OptionsApi &
  FakeWorker & {
    /** Requests and permission calls in the order they happened ('contains', 'request', or a request type). */
    order: string[];
  };

export function fakeOptionsApi(options: FakeOptionsOptions = {}): FakeOptionsApi {
  const order: string[] = [];
  const worker = fakeWorker(options.handlers, (req) => order.push(req.type));
  const notifications = options.notifications;
  return {
    ...worker,
    order,
    permissions: {
      contains: vi.fn(async () => {
        order.push('contains');
        return options.granted ?? false;
      }),
      request: vi.fn(async () => {
        order.push('request');
        return options.grant ?? true;
      }),
    },
    ...(notifications
      ? {
          notifications: {
            contains: vi.fn(async () => notifications.granted),
            request: vi.fn(async () => notifications.grant),
          },
        }
      : {}),
  };
}
