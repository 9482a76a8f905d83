// Page-side fakes answer the request as it would travel (`{type, ...body}`),
// so a test's fake worker reads like the real router's input.
import type { Send } from '../../lib/page/worker-client';
import type { AnyRequest } from '../../lib/shared/messages';

export function fakeSend(answer: (request: AnyRequest) => unknown): Send {
  return ((message: { type: string }, body?: object) => Promise.resolve(answer({ ...body, type: message.type } as AnyRequest))) as Send;
}
