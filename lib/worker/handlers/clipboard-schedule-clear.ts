// The popup copied something and tells us its hash; we clear the clipboard
// later if it still holds it. No secret comes here.
import type { Handler } from './define';

export const scheduleClipboardClear: Handler<'clipboard.scheduleClear'> = async (ctx, request) => {
  await ctx.deps.clipboard.schedule(request.sha256, request.delaySeconds);
  return null;
};
