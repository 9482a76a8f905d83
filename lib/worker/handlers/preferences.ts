// Settings from the options page. Saving re-runs expiry awareness at once, so
// the badge reflects a new warning window without waiting for the next sync.
import { ApiFailure } from '../../shared/errors';
import type { PreferencesStore } from '../stores/preferences-store';
import type { Context } from '../context';
import type { Handler } from './types';

function store(ctx: Context): PreferencesStore {
  const found = ctx.deps.preferences;
  if (!found) throw new ApiFailure('internal', 'Settings are not available in this context.');
  return found;
}

export const preferencesGet: Handler<'preferences.get'> = (ctx) => store(ctx).load();

export const preferencesSave: Handler<'preferences.save'> = async (ctx, request) => {
  const saved = await store(ctx).save(request.preferences);
  ctx.afterCacheChange();
  return saved;
};
