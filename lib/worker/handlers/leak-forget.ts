import { leakMemory } from '../leak/memory';
import type { Handler } from './define';

/** The panel closed (or asked to start over): drop the texts it held. */
export const leakForget: Handler<'leak.forget'> = (_ctx, request) => {
  if (request.session === undefined) leakMemory.forgetAll();
  else leakMemory.forget(request.session);
  return Promise.resolve(null);
};
