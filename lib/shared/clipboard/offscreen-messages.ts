// Worker ↔ offscreen document messages. Separate from the popup protocol:
// only the worker sends these, and only the offscreen document answers them.
import { z } from '../contract/zod';
import { Sha256Hex } from './hash';

/** Tags our messages so the offscreen document ignores the pages' requests to the worker (runtime messages reach every extension page). */
export const OFFSCREEN_TARGET = 'offscreen-clipboard';

export const OffscreenRequest = z.strictObject({
  target: z.literal(OFFSCREEN_TARGET),
  type: z.literal('clearIfMatches'),
  sha256: Sha256Hex,
});
export type OffscreenRequest = z.infer<typeof OffscreenRequest>;

const ClearOutcomeSchema = z.enum(['cleared', 'changed', 'empty']);

export const OffscreenReply = z.union([
  z.strictObject({ outcome: ClearOutcomeSchema }),
  /** Why the clipboard could not be read or written; never its content. */
  z.strictObject({ error: z.string().check(z.maxLength(500)) }),
]);
export type OffscreenReply = z.infer<typeof OffscreenReply>;
