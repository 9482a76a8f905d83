// Saving re-runs expiry awareness at once, so the badge reflects a new
// warning window without waiting for the next sync.
import type { Handler } from './define';

export const preferencesSave: Handler<'preferences.save'> = async (ctx, request) => {
  const saved = await ctx.deps.preferences.save(request.preferences);
  ctx.afterCacheChange();
  return saved;
};
