// The SSO session the worker holds: pure data and the rules of its lifetime,
// no I/O (unit-tested directly). Stored like the admin token (storage.session
// unless "Remember on this device"), parsed whenever read back.
import { z } from '../../shared/contract/zod';

export const SsoSession = z.object({
  issuer: z.string(),
  clientId: z.string(),
  accessToken: z.string().check(z.minLength(1)),
  /** Null when the provider issued none (then the session ends with the access token). */
  refreshToken: z.nullable(z.string().check(z.minLength(1))),
  /** When the access token was received and when it expires, ms since the epoch, both by our clock. */
  receivedAt: z.number(),
  expiresAt: z.number(),
  /** From the verified ID token: who is signed in, for messages ("signed in as …"). */
  person: z.object({ sub: z.string(), email: z.nullable(z.string()), name: z.nullable(z.string()) }),
});
export type SsoSession = z.infer<typeof SsoSession>;

/** Refresh this long before the access token expires, so a request never leaves with one about to lapse (clock skew, slow network). */
export const REFRESH_MARGIN_MS = 60_000;
/** When the provider says nothing about the lifetime (expires_in is optional in OAuth), assume a short one. */
const DEFAULT_LIFETIME_S = 300;

export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** A session from a token endpoint answer, received at `now`. */
export function sessionFrom(
  answer: TokenAnswer,
  base: { issuer: string; clientId: string; person: SsoSession['person']; refreshToken?: string | null },
  now: number,
): SsoSession {
  const lifetime = answer.expires_in !== undefined && answer.expires_in > 0 ? answer.expires_in : DEFAULT_LIFETIME_S;
  return {
    issuer: base.issuer,
    clientId: base.clientId,
    accessToken: answer.access_token,
    // A provider that does not rotate refresh tokens answers without one: keep the one we have.
    refreshToken: answer.refresh_token ?? base.refreshToken ?? null,
    receivedAt: now,
    expiresAt: now + lifetime * 1000,
    person: base.person,
  };
}

/**
 * Refresh when within the margin of expiry, but with a margin of at most half
 * the token's lifetime (a 5-minute token is used for 4 minutes, a 10-second
 * one for 5 s instead of never).
 */
export function refreshDue(session: SsoSession, now: number): boolean {
  const lifetime = Math.max(0, session.expiresAt - session.receivedAt);
  return session.expiresAt - now <= Math.min(REFRESH_MARGIN_MS, lifetime / 2);
}

/** "Alice Admin (alice@example.com)", or whichever of the two the provider gave, or the subject. */
export function personLabel(person: SsoSession['person']): string {
  if (person.name && person.email) return `${person.name} (${person.email})`;
  return person.email ?? person.name ?? person.sub;
}
