// clipboard.scheduleClear: the popup copied something and tells us its hash;
// we clear the clipboard later if it still holds it. No secret comes here.
import { ApiFailure } from '../../shared/errors';
import type { Handler } from './types';

export const scheduleClipboardClear: Handler<'clipboard.scheduleClear'> = async (ctx, request) => {
  const clipboard = ctx.deps.clipboard;
  if (!clipboard) throw new ApiFailure('internal', 'Clipboard clearing is not available in this build.');
  await clipboard.schedule(request.sha256, request.delaySeconds);
  return null;
};
