// leak.revoke: delete a key found by leak.lookup with reason "leaked" (and the
// page's origin), then prove it with the leaked text itself: whoami → 401.
import { ApiFailure } from '../../shared/errors';
import { leakMemory } from '../leak/memory';
import { proveRevoked } from '../leak/proof';
import type { Handler } from './define';

const NOT_HELD = 'This lookup is over (the panel was closed or it is over 15 minutes old). Look the key up again to revoke it from here.';

export const leakRevoke: Handler<'leak.revoke'> = async (ctx, request) => {
  const held = leakMemory.secret(request.session, request.ref);
  if (!held) throw new ApiFailure('not_found', NOT_HELD);
  const { apiUrl, client, connection } = await ctx.connected(request.connectionId);
  try {
    await client.deleteKey(request.keyId, { foundOn: held.origin });
  } catch (error) {
    // Deleted elsewhere meanwhile: just as gone; the proof below says so.
    if (!(error instanceof ApiFailure && error.info.code === 'not_found')) throw error;
  }
  await (await ctx.cache(connection.id)).remove(request.keyId);
  return proveRevoked(apiUrl, held.text, ctx.deps.fetch);
};
