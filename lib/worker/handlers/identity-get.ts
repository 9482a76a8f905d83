import { browser } from 'wxt/browser';
import { ApiFailure } from '../../shared/errors';
import { createIdentityCache } from '../stores/identity-cache';
import type { Handler } from './define';

/** The cached identity at once; the server's answer when asked fresh (the popup does after each sync) or when none is cached. */
export const identityGet: Handler<'identity.get'> = async (ctx, request) => {
  const { apiUrl, client, connection } = await ctx.connected(request.connectionId);
  // One slot per connection: two connections on one API may be two different people (or roles).
  const cache = createIdentityCache(browser.storage.session, connection.id);
  if (request.fresh !== true) {
    const cached = await cache.load(apiUrl);
    if (cached) return cached;
  }
  try {
    const state = { identity: await client.getIdentity(), checkedAt: ctx.deps.now().toISOString() };
    await cache.save(apiUrl, state);
    return state;
  } catch (error) {
    // A refused token names nobody: don't keep showing who it used to be.
    if (error instanceof ApiFailure && error.info.code === 'unauthorized') await cache.clear();
    throw error;
  }
};
