import type { Handler } from './define';

export const takeNotices: Handler<'notices.take'> = (ctx) => ctx.deps.notices.take();
