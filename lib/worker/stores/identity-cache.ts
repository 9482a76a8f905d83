// Who the server last said is signed in, per API URL, in storage.session: it
// survives the worker stopping (so the popup's header paints at once on the
// next open) but never reaches disk. A name, email and role; no token.
import { z } from '../../shared/contract/zod';
import { IdentityState } from '../../shared/messages/identity-get';
import type { StorageAreaLike } from './connection-store';

export const IDENTITY_KEY = 'identity.v1';

const Stored = z.object({ apiUrl: z.string(), state: IdentityState });

export interface IdentityCache {
  /** The cached answer for this API URL; undefined when none (or it is damaged: ask again). */
  load(apiUrl: string): Promise<IdentityState | undefined>;
  save(apiUrl: string, state: IdentityState): Promise<void>;
  clear(): Promise<void>;
}

export function createIdentityCache(session: StorageAreaLike, connectionId: string): IdentityCache {
  const key = `${IDENTITY_KEY}.${connectionId}`;
  return {
    async load(apiUrl) {
      const parsed = Stored.safeParse((await session.get(key))[key]);
      return parsed.success && parsed.data.apiUrl === apiUrl ? parsed.data.state : undefined;
    },
    save: (apiUrl, state) => session.set({ [key]: { apiUrl, state } }),
    clear: () => session.remove(key),
  };
}
