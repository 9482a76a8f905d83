// Who is signed in, for the header and for hiding writes a viewer would be
// refused: the worker's cached answer at once, then the server's after each
// sync (so a role changed meanwhile shows). Failures keep what is shown: the
// sync line already says what went wrong with the connection.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { identityGet, type IdentityState } from '../../lib/shared/messages/identity-get';
import type { PopupApi } from '../api';

export type Identity = NonNullable<IdentityState['identity']>;

export interface IdentityFlow {
  /** null: not known (yet), or the key API doesn't say; nothing is restricted then. */
  identity: Identity | null;
  /** Asks the server again (after a sync, or after a write was refused). */
  refresh: () => void;
}

export function useIdentity(api: PopupApi): IdentityFlow {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const seq = useRef(0);
  const ask = useCallback(
    async (fresh: boolean) => {
      const mine = ++seq.current;
      const reply = await api.send(identityGet, fresh ? { fresh } : {});
      if (mine === seq.current && 'ok' in reply) setIdentity(reply.ok.identity);
    },
    [api],
  );
  useEffect(() => void ask(false), [ask]);
  return { identity, refresh: useCallback(() => void ask(true), [ask]) };
}

/** Whether the signed-in person may change keys; unknown identity: yes (the server decides). */
export function canWrite(identity: Identity | null): boolean {
  return identity?.role !== 'viewer';
}

/**
 * The popup's outside world, but a write refused as `forbidden` (the role
 * changed while the popup was open) asks who is signed in again, so the
 * popup stops offering what will be refused.
 */
export function watchForbidden(api: PopupApi, onForbidden: () => void): PopupApi {
  const check = <T>(reply: T): T => {
    if (typeof reply === 'object' && reply !== null && 'error' in reply && (reply.error as { code?: unknown }).code === 'forbidden') onForbidden();
    return reply;
  };
  return {
    ...api,
    send: (message, ...body) => api.send(message, ...body).then(check),
    createKey: (input) => api.createKey(input).then(check),
  };
}
