import type { Handler } from './types';

export const takeNotices: Handler<'notices.take'> = (ctx) => ctx.deps.notices.take();
