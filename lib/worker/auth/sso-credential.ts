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
  source(session: SsoSession): CredentialSource;
}

export function createSsoRefresher(deps: { connection: ConnectionStore; now: () => number; fetch?: FetchLike }): SsoRefresher {
  const inflight = new Map<string, Promise<SsoSession>>();

  async function refresh(session: SsoSession): Promise<SsoSession> {
    const key = session.refreshToken ?? session.accessToken;
    const running = inflight.get(key);
    if (running) return running;
    const promise = (async () => {
      try {
        const next = await refreshSession(session, deps.now, deps.fetch);
        await deps.connection.updateSso(session, next);
        return next;
      } catch (error) {
        // The provider ended the session: forget it, so nothing keeps sending a dead token.
        if (error instanceof ApiFailure && error.info.code === 'signed_out') await forget(session);
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

  async function forget(session: SsoSession): Promise<void> {
    const saved = await deps.connection.load();
    if (saved.state === 'ok' && saved.credential?.kind === 'sso' && saved.credential.session.accessToken === session.accessToken) {
      await deps.connection.dropCredential();
    }
  }

  return {
    source(initial) {
      let session = initial;
      return {
        kind: 'sso',
        async current() {
          if (!refreshDue(session, deps.now())) return session.accessToken;
          try {
            session = await refresh(session);
          } catch (error) {
            // Provider unreachable but the token still valid: use it; the next request tries again.
            const signedOut = error instanceof ApiFailure && error.info.code === 'signed_out';
            if (signedOut || session.expiresAt <= deps.now()) throw error;
          }
          return session.accessToken;
        },
        async renew() {
          session = await refresh(session);
          return session.accessToken;
        },
        async rejected() {
          await forget(session);
        },
      };
    },
  };
}

export function signedOut(): ApiFailure {
  return new ApiFailure('signed_out', SIGNED_OUT_MESSAGE);
}
