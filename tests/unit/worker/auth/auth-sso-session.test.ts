// The pure rules of an SSO session's lifetime.
import { describe, expect, it } from 'vitest';
import { personLabel, refreshDue, REFRESH_MARGIN_MS, sessionFrom, type SsoSession } from '../../../../lib/worker/auth/sso-session';

const person = { sub: 'alice', email: 'alice@example.com', name: 'Alice Admin' };
const base = { issuer: 'http://127.0.0.1:1', clientId: 'c', person };
const T0 = 1_800_000_000_000;

describe('sessionFrom', () => {
  it('takes the lifetime from expires_in, by our clock', () => {
    const s = sessionFrom({ access_token: 'at', refresh_token: 'rt', expires_in: 300 }, base, T0);
    expect(s).toMatchObject({ accessToken: 'at', refreshToken: 'rt', receivedAt: T0, expiresAt: T0 + 300_000, person });
  });

  it('keeps the refresh token it had when the provider does not rotate it', () => {
    expect(sessionFrom({ access_token: 'at2', expires_in: 60 }, { ...base, refreshToken: 'rt1' }, T0).refreshToken).toBe('rt1');
    expect(sessionFrom({ access_token: 'at2', refresh_token: 'rt2', expires_in: 60 }, { ...base, refreshToken: 'rt1' }, T0).refreshToken).toBe('rt2');
    expect(sessionFrom({ access_token: 'at' }, base, T0).refreshToken).toBeNull();
  });

  it('assumes a short lifetime when the provider states none (or nonsense)', () => {
    expect(sessionFrom({ access_token: 'at' }, base, T0).expiresAt).toBe(T0 + 300_000);
    expect(sessionFrom({ access_token: 'at', expires_in: -5 }, base, T0).expiresAt).toBe(T0 + 300_000);
  });
});

describe('refreshDue', () => {
  const session = (lifetimeS: number): SsoSession => sessionFrom({ access_token: 'at', refresh_token: 'rt', expires_in: lifetimeS }, base, T0);

  it('is due within the margin of expiry, not before', () => {
    const s = session(300);
    expect(refreshDue(s, T0)).toBe(false);
    expect(refreshDue(s, s.expiresAt - REFRESH_MARGIN_MS - 1)).toBe(false);
    expect(refreshDue(s, s.expiresAt - REFRESH_MARGIN_MS)).toBe(true);
    expect(refreshDue(s, s.expiresAt + 1)).toBe(true);
  });

  it('uses at most half the lifetime as the margin, so a short token is used before it is refreshed', () => {
    const s = session(4);
    expect(refreshDue(s, T0 + 1_999)).toBe(false);
    expect(refreshDue(s, T0 + 2_000)).toBe(true);
  });
});

describe('personLabel', () => {
  it('names the person as well as it can', () => {
    expect(personLabel(person)).toBe('Alice Admin (alice@example.com)');
    expect(personLabel({ ...person, name: null })).toBe('alice@example.com');
    expect(personLabel({ ...person, email: null })).toBe('Alice Admin');
    expect(personLabel({ sub: 'x', email: null, name: null })).toBe('x');
  });
});
