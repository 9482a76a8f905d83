import type { Handler } from './define';

export const preferencesGet: Handler<'preferences.get'> = (ctx) => ctx.deps.preferences.load();
