// Validating OpenID Connect access tokens (JWTs) from the organization's
// identity provider, with jose. The provider's keys come from the jwks_uri of
// its discovery document, found on first use (so the server starts while the
// provider is down) and cached; a token signed with a key we have not seen
// makes jose refetch the set once per cooldown, which is how a key rotation
// is picked up without a restart. jose is loaded on the first token, so the
// admins commands and servers without SSO never pay for it.
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { AdminRole } from '../lib/shared/contract/audit';

export const DEFAULT_OIDC_SCOPES = ['openid', 'email', 'profile', 'offline_access'] as const;

export interface OidcOptions {
  /** Exactly as the provider writes `iss` (and its discovery document's `issuer`). */
  issuer: string;
  clientId: string;
  /** `aud` must contain this. Default: the client id. */
  audience?: string | undefined;
  /** Take the role from this claim (dotted path allowed, e.g. realm_access.roles) instead of the admins table. */
  roleClaim?: string | undefined;
  /** What the extension asks for when it signs in. */
  scopes?: readonly string[] | undefined;
  /** Least time between two JWKS fetches for an unknown kid. Default 30 s (tests lower it). */
  jwksCooldownMs?: number;
  /** Refetch the JWKS after this long even when every kid is known. Default 10 min. */
  jwksMaxAgeMs?: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  audience: string;
  roleClaim: string | undefined;
  scopes: string[];
}

/** Asymmetric only: `none` and HMAC (whose "key" an attacker could take from the public JWKS) never pass. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Tolerated clock difference with the provider for exp and nbf. */
export const CLOCK_TOLERANCE_S = 60;
const DISCOVERY_TIMEOUT_MS = 5_000;

/** The person a valid access token speaks for. */
export interface OidcPerson {
  email: string;
  /** The `name` claim, else the email. */
  name: string;
  /** From the role claim when one is configured: the highest role it names, or null for none. */
  claimedRole: AdminRole | null;
  /** False only when the token says `email_verified: false` (many access tokens do not carry it). */
  emailVerified: boolean;
}

export type OidcFailure = 'expired' | 'issuer' | 'audience' | 'not_yet_valid' | 'algorithm' | 'signature' | 'unknown_key' | 'malformed' | 'no_email';

/** The token is not acceptable; `message` names the failed check and never includes token material. */
export class OidcTokenError extends Error {
  constructor(
    readonly failure: OidcFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OidcTokenError';
  }
}

/** The provider's discovery document or keys could not be fetched: nothing is known about the token. */
export class OidcUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcUnavailableError';
  }
}

/** Three base64url segments (the last may be empty, as in an unsigned token): treated as a JWT when SSO is on. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

const RANK: Readonly<Record<AdminRole, number>> = { viewer: 0, admin: 1, owner: 2 };

/** The highest of viewer/admin/owner named by the claim (a string or an array of strings); other values are ignored. */
function roleFromClaim(payload: JWTPayload, claim: string): AdminRole | null {
  let value: unknown = payload;
  for (const part of claim.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
  }
  const values = Array.isArray(value) ? value : [value];
  let best: AdminRole | null = null;
  for (const v of values) {
    const role = AdminRole.safeParse(v);
    if (role.success && (best === null || RANK[role.data] > RANK[best])) best = role.data;
  }
  return best;
}

function trimmedString(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return cleaned === '' || cleaned.length > max ? null : cleaned;
}

type Jose = typeof import('jose');
let jose: Promise<Jose> | undefined;
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

function failureOf({ errors }: Jose, error: unknown): OidcTokenError | OidcUnavailableError {
  if (error instanceof errors.JWTExpired) return new OidcTokenError('expired', 'The access token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new OidcTokenError('issuer', 'The access token was issued by another issuer than this key API trusts.');
    if (error.claim === 'aud') return new OidcTokenError('audience', 'The access token is meant for another audience than this key API.');
    if (error.claim === 'nbf') return new OidcTokenError('not_yet_valid', 'The access token is not valid yet (nbf is in the future).');
    return new OidcTokenError('malformed', `The access token's "${error.claim}" claim is missing or invalid.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new OidcTokenError('algorithm', `The access token's signing algorithm is not accepted (only ${OIDC_ALGORITHMS.join(', ')}).`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new OidcTokenError('signature', "The access token's signature does not verify with the issuer's keys.");
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new OidcTokenError('unknown_key', 'The access token is signed with a key the issuer does not publish (unknown kid).');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JWKInvalid) {
    return new OidcTokenError('malformed', 'The access token is not a well-formed signed JWT.');
  }
  if (error instanceof OidcUnavailableError) return error;
  // Fetch failures, timeouts, a non-200 or invalid JWKS: the provider, not the token.
  const detail = error instanceof Error ? error.message : String(error);
  return new OidcUnavailableError(`The sign-in provider's keys could not be fetched (${detail}).`);
}

export class OidcVerifier {
  readonly config: OidcConfig;
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly options: OidcOptions) {
    this.config = {
      issuer: options.issuer,
      clientId: options.clientId,
      audience: options.audience ?? options.clientId,
      roleClaim: options.roleClaim,
      scopes: [...(options.scopes ?? DEFAULT_OIDC_SCOPES)],
    };
  }

  /** The person behind the token, or throws OidcTokenError (the token) / OidcUnavailableError (the provider). */
  async verify(token: string, now: number): Promise<OidcPerson> {
    const lib = await loadJose();
    let payload: JWTPayload;
    try {
      const keys = await this.jwks(lib);
      ({ payload } = await lib.jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw failureOf(lib, error);
    }
    const email = trimmedString(payload.email, 254);
    if (email === null) {
      throw new OidcTokenError(
        'no_email',
        'The access token has no "email" claim; the provider must put the email in the access token (see docs/sso.md).',
      );
    }
    return {
      email,
      name: trimmedString(payload.name, 100) ?? email,
      claimedRole: this.config.roleClaim === undefined ? null : roleFromClaim(payload, this.config.roleClaim),
      emailVerified: payload.email_verified !== false,
    };
  }

  /** Discovery once; a failed discovery is retried on the next request rather than cached. */
  private jwks(lib: Jose): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover(lib).catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(lib: Jose): Promise<JWTVerifyGetKey> {
    const url = `${this.config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let doc: unknown;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = await res.json();
    } catch (error) {
      throw new OidcUnavailableError(
        `The sign-in provider's discovery document (${url}) could not be read: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
    if (d.issuer !== this.config.issuer) {
      throw new OidcUnavailableError(`The discovery document at ${url} names issuer ${JSON.stringify(d.issuer)}, not ${this.config.issuer}.`);
    }
    let jwksUri: URL;
    try {
      jwksUri = new URL(String(d.jwks_uri));
      if (jwksUri.protocol !== 'https:' && jwksUri.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      throw new OidcUnavailableError(`The discovery document at ${url} has no usable jwks_uri.`);
    }
    return lib.createRemoteJWKSet(jwksUri, {
      cooldownDuration: this.options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: this.options.jwksMaxAgeMs ?? 10 * 60_000,
      timeoutDuration: DISCOVERY_TIMEOUT_MS,
    });
  }
}
