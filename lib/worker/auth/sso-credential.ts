// The SSO session as the API client's credential: refreshed before it
// expires and once more when the key API says it expired. One refresh at a
// time per session in this worker: providers rotate refresh tokens, and a
// second use of an old one makes them revoke the whole grant.
import { ApiFailure } from '../../shared/errors';
import type { CredentialSource, FetchLike } from '../api-client';
import type { ConnectionStore } from '../stores/connection-store';
import { refreshSession, SIGNED_OUT_MESSAGE } from './refresh';
import { refreshDue, type SsoSession } from './sso-session';

export interface SsoRefresher {
  /** The credential of one connection's SSO session: refreshed and stored back under that connection only. */
  source(connectionId: string, session: SsoSession): CredentialSource;
}

export function createSsoRefresher(deps: { connection: ConnectionStore; now: () => number; fetch?: FetchLike }): SsoRefresher {
  const inflight = new Map<string, Promise<SsoSession>>();

  async function refresh(connectionId: string, held: SsoSession): Promise<SsoSession> {
    // Another request may have refreshed since this one read the session: use its result rather
    // than spend the old (rotated, now invalid) refresh token, which would make the provider revoke the grant.
    const saved = await deps.connection.load(connectionId);
    const stored = saved.state === 'ok' && saved.credential?.kind === 'sso' ? saved.credential.session : null;
    if (!stored) throw signedOut(); // signed out meanwhile
    if (stored.accessToken !== held.accessToken && !refreshDue(stored, deps.now())) return stored;
    const session = stored.accessToken !== held.accessToken ? stored : held;
    const key = session.refreshToken ?? session.accessToken;
    const running = inflight.get(key);
    if (running) return running;
    const promise = (async () => {
      try {
        const next = await refreshSession(session, deps.now, deps.fetch);
        await deps.connection.updateSso(connectionId, session, next);
        return next;
      } catch (error) {
        // The provider ended the session: forget it, so nothing keeps sending a dead token.
        if (error instanceof ApiFailure && error.info.code === 'signed_out') await forget(connectionId, session);
        throw error;
      }
    })();
    inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      inflight.delete(key);
    }
  }

  async function forget(connectionId: string, session: SsoSession): Promise<void> {
    const saved = await deps.connection.load(connectionId);
    if (saved.state === 'ok' && saved.credential?.kind === 'sso' && saved.credential.session.accessToken === session.accessToken) {
      await deps.connection.dropCredential(connectionId);
    }
  }

  return {
    source(connectionId, initial) {
      let session = initial;
      return {
        kind: 'sso',
        async current() {
          if (!refreshDue(session, deps.now())) return session.accessToken;
          try {
            session = await refresh(connectionId, session);
          } catch (error) {
            // Provider unreachable but the token still valid: use it; the next request tries again.
            const signedOut = error instanceof ApiFailure && error.info.code === 'signed_out';
            if (signedOut || session.expiresAt <= deps.now()) throw error;
          }
          return session.accessToken;
        },
        async renew() {
          session = await refresh(connectionId, session);
          return session.accessToken;
        },
        async rejected() {
          await forget(connectionId, session);
        },
      };
    },
  };
}

export function signedOut(): ApiFailure {
  return new ApiFailure('signed_out', SIGNED_OUT_MESSAGE);
}
