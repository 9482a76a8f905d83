// The only network client of the extension: talks to the organization's key
// API with the current credential (the admin token, or the SSO access token,
// renewed once when the server says it expired). Every response is parsed with the shared schemas;
// every failure becomes an ApiFailure whose message is safe to show (no token,
// no secret, never a response body verbatim).
import { z } from '../shared/contract/zod';
import {
  ApiErrorBody,
  CreateKeyResponse,
  IDEMPOTENCY_HEADER,
  KeyResponse,
  KeyId,
  KeyMeta,
  LIST_LIMIT_MAX,
  ReplaceKeyResponse,
} from '../shared/contract/schemas';
import { AdminIdentity } from '../shared/contract/auth';
// The messages' lean schemas, not the contract's: the same shapes (checked at compile
// time there) without bundling the audit contract's query parsing into the worker.
import { AuditPage } from '../shared/messages/audit-list';
import { Identity } from '../shared/messages/identity-get';
import type { UnreadableKey } from '../shared/messages/keys-sync';
import { LookupKeysResponse } from '../shared/contract/leak';
import { ApiFailure, redact } from '../shared/errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Where the bearer token comes from: fixed (admin token) or an SSO session that can be refreshed. */
export interface CredentialSource {
  kind: 'token' | 'sso';
  /** The token to send now (an SSO session refreshes first if it is about to expire). */
  current(): Promise<string>;
  /** After a 401 token_expired: a fresh token, or throws (signed_out) and forgets the session. */
  renew?(): Promise<string>;
  /** The key API refused the credential for good: forget it. */
  rejected?(): Promise<void>;
}

export function fixedCredential(adminToken: string): CredentialSource {
  return { kind: 'token', current: () => Promise.resolve(adminToken) };
}

export interface ApiClientOptions {
  /** Normalized API base URL (see validateApiUrl): origin + path, no trailing slash. */
  apiUrl: string;
  credential: CredentialSource;
  fetch?: FetchLike;
  /** Per request, including reading the body. Chrome cuts fetches in a service worker at 30 s. */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface ApiClient {
  /** One page. A key the extension can't read is left out and reported, never fatal: one bad key must not hide the others. */
  listKeys(params?: { limit?: number; cursor?: string }): Promise<KeyPage>;
  listAllKeys(): Promise<{ keys: KeyMeta[]; unreadable: UnreadableKey[] }>;
  /**
   * With an idempotencyKey (sent as the Idempotency-Key header) a network
   * failure is retried once with the same key: the server then answers with
   * the key it already made (secret null, alreadyIssued) instead of a second key.
   * Without one it is never retried.
   */
  createKey(body: { name: string; expiresAt: string | null }, idempotencyKey?: string): Promise<CreateKeyResponse>;
  /** POST /v1/keys/{id}/replace; retried like createKey. */
  replaceKey(
    id: string,
    body: { name: string; expiresAt: string | null; graceSeconds: number },
    idempotencyKey?: string,
  ): Promise<ReplaceKeyResponse>;
  renameKey(id: string, name: string): Promise<KeyMeta>;
  /** With `leak`, the server records the deletion as reason=leaked, found on this origin (null: pasted). */
  deleteKey(id: string, leak?: { foundOn: string | null }): Promise<void>;
  /** POST /v1/keys/lookup: at most 100 SHA-256 hashes of secrets; one result per hash, in order. */
  lookupKeys(hashes: readonly string[]): Promise<LookupKeysResponse['results']>;
  /** POST /v1/auth/sign-in after an SSO sign-in: records it, and says who the server takes us for. */
  signIn(): Promise<AdminIdentity>;
  /** GET /v1/auth/me: who the token belongs to; null when the key API has no such endpoint (404). */
  getIdentity(): Promise<Identity | null>;
  /** GET /v1/audit: one page of events, newest first. */
  listAudit(query: AuditPageQuery): Promise<AuditPage>;
}

interface AuditPageQuery {
  keyId?: string;
  before?: string;
  after?: string;
  cursor?: string;
  limit?: number;
}

interface KeyPage {
  keys: KeyMeta[];
  unreadable: UnreadableKey[];
  nextCursor: string | null;
}

// The page envelope is checked whole; each key on its own (see parseKeys).
const ListPage = z.object({ keys: z.array(z.unknown()), nextCursor: z.nullable(z.string()) });

/** Splits a page's keys into readable ones and, for the rest, the id (when it is a valid key id) so the admin can still delete them. */
function parseKeys(raw: readonly unknown[]): { keys: KeyMeta[]; unreadable: UnreadableKey[] } {
  const keys: KeyMeta[] = [];
  const unreadable: UnreadableKey[] = [];
  for (const item of raw) {
    const parsed = KeyMeta.safeParse(item);
    if (parsed.success) {
      keys.push(parsed.data);
      continue;
    }
    const id = KeyId.safeParse(typeof item === 'object' && item !== null && 'id' in item ? item.id : undefined);
    // Only the id, which the schema vouches for: nothing else of a key we could not read is shown.
    unreadable.push({ id: id.success ? id.data : null });
  }
  return { keys, unreadable };
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** 500 keys a page × 2,000 pages = a million keys: far beyond any real organization. */
const MAX_PAGES = 2_000;

const BAD_RESPONSE = "The server's response was not understood (expected JSON from the key API). Check the API URL in Options.";

interface Call<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema of a 2xx body; undefined = the body is ignored (e.g. 204 on DELETE). */
  schema?: z.ZodMiniType<T>;
  /** What a 404 means for this call. */
  notFound: () => ApiFailure;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { apiUrl, credential } = options;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const origin = safeOrigin(apiUrl);
  // Every token this client has sent, so no server message can echo one back.
  const sent: string[] = [];
  const clean = (text: string) => redact(text, ...sent);
  const expired = new WeakSet<ApiFailure>();

  async function call<T>(c: Call<T>): Promise<T> {
    const token = await credential.current();
    sent.push(token);
    try {
      return await attempt(c, token);
    } catch (error) {
      if (!(error instanceof ApiFailure) || !expired.has(error) || !credential.renew) throw error;
      // Once: the token expired between our check and the server's (clock skew, a slow request).
      const renewed = await credential.renew();
      sent.push(renewed);
      return attempt(c, renewed);
    }
  }

  async function attempt<T>(c: Call<T>, bearer: string): Promise<T> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Rejects when the deadline passes even if the fetch implementation ignores the signal.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ApiFailure('timeout', `The key API at ${origin} did not answer within ${Math.round(timeoutMs / 1000)} s. Try again.`));
      }, timeoutMs);
    });
    try {
      const headers: Record<string, string> = { ...c.headers, Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
      if (c.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await Promise.race([
          doFetch(`${apiUrl}${c.path}`, {
            method: c.method,
            headers,
            body: c.body === undefined ? undefined : JSON.stringify(c.body),
            cache: 'no-store',
            credentials: 'omit',
            // A redirect could carry the Authorization header to another place: refuse it.
            redirect: 'error',
            referrerPolicy: 'no-referrer',
            signal: controller.signal,
          }),
          deadline,
        ]);
      } catch (error) {
        if (error instanceof ApiFailure) throw error;
        if (controller.signal.aborted) throw timeoutFailure(origin, timeoutMs);
        // fetch rejects with TypeError for network errors, CORS, and (redirect: 'error') redirects.
        throw new ApiFailure('unreachable', `Can't reach the key API at ${origin}. Is it running? (It must not redirect.)`);
      }

      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        void response.body?.cancel().catch(() => {});
        throw new ApiFailure(
          'bad_response',
          `The key API at ${origin} answered with a redirect, which is refused so the admin token cannot be sent elsewhere. Check the API URL in Options.`,
        );
      }

      const text = await Promise.race([readCapped(response, maxBodyBytes, controller), deadline]).catch((error: unknown) => {
        if (error instanceof ApiFailure) throw error;
        if (controller.signal.aborted) throw timeoutFailure(origin, timeoutMs);
        throw new ApiFailure('unreachable', `The connection to the key API at ${origin} broke while reading the response. Try again.`);
      });

      if (response.ok) {
        if (!c.schema) return undefined as T;
        const json = parseJson(text);
        if (json === NOT_JSON) throw notJson(response);
        const parsed = c.schema.safeParse(json);
        if (!parsed.success) throw new ApiFailure('bad_response', BAD_RESPONSE);
        return parsed.data;
      }
      const failure = errorFor(response, text, c);
      if (failure.info.code === 'signed_out' && credential.kind === 'sso') {
        if (response.status === 401 && serverCode(text) === 'token_expired') expired.add(failure);
        else await credential.rejected?.();
      }
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  function errorFor(response: Response, text: string, c: Call<unknown>): ApiFailure {
    const status = response.status;
    const json = parseJson(text);
    const body = json === NOT_JSON ? undefined : ApiErrorBody.safeParse(json);
    const server = body?.success ? body.data.error : undefined;
    const serverMessage = server ? clean(server.message) : '';
    if (status === 401 && credential.kind === 'sso') {
      return new ApiFailure('signed_out', serverMessage ? `Signed out — sign in again. (${serverMessage})` : 'Signed out — sign in again.');
    }
    if (status === 401) return new ApiFailure('unauthorized', 'The server rejected the admin token. Check it in Options.');
    // Signed in at the provider, unknown to this key API: the server names who ("signed in as …").
    if (status === 403 && server?.code === 'not_an_admin') {
      return new ApiFailure('unauthorized', serverMessage || 'You are signed in, but not as an admin of this key API.');
    }
    // forbidden: the token is fine, the role is not; the server says which ("Viewers can't generate keys").
    if (status === 403 && server?.code === 'forbidden' && serverMessage !== '') return new ApiFailure('forbidden', serverMessage);
    if (status === 403) return new ApiFailure('unauthorized', 'The server refused this admin token access (HTTP 403). Check it in Options.');
    if (status === 404) return c.notFound();
    if (status === 429) {
      const seconds = retryAfterSeconds(response.headers.get('Retry-After'));
      return new ApiFailure(
        'rate_limited',
        seconds === null
          ? 'Too many requests to the key API. Wait a moment and try again.'
          : `Too many requests to the key API. Try again in ${seconds} s.`,
      );
    }
    if (status >= 500) return new ApiFailure('server_error', `The key API had a problem (HTTP ${status}). Try again later.`);
    if (status === 400 || status === 413 || status === 422) {
      const field = server?.field === undefined ? undefined : clean(server.field);
      return new ApiFailure('invalid_input', serverMessage || `The key API refused the request (HTTP ${status}).`, field);
    }
    return new ApiFailure(
      'server_error',
      serverMessage ? `The key API refused the request (HTTP ${status}): ${serverMessage}` : `The key API refused the request (HTTP ${status}).`,
    );
  }

  const keyGone = () => new ApiFailure('not_found', 'This key no longer exists (it was deleted elsewhere).');
  const listMissing = () => new ApiFailure('bad_response', `No key API found at ${apiUrl}/v1/keys (HTTP 404). Check the API URL in Options.`);
  const keyPath = (id: string) => `/v1/keys/${encodeURIComponent(id)}`;

  const client: ApiClient = {
    async listKeys(params = {}) {
      const query = new URLSearchParams();
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.cursor !== undefined) query.set('cursor', params.cursor);
      const qs = query.toString();
      const page = await call({ method: 'GET', path: `/v1/keys${qs ? `?${qs}` : ''}`, schema: ListPage, notFound: listMissing });
      return { ...parseKeys(page.keys), nextCursor: page.nextCursor };
    },
    async listAllKeys() {
      const byId = new Map<string, KeyMeta>();
      const unreadable = new Map<string | null, UnreadableKey>();
      let unnamed = 0;
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.listKeys({ limit: LIST_LIMIT_MAX, cursor });
        for (const key of result.keys) byId.set(key.id, key);
        for (const bad of result.unreadable) {
          if (bad.id === null) unnamed++;
          else unreadable.set(bad.id, bad);
        }
        if (result.nextCursor === null) {
          return { keys: [...byId.values()], unreadable: [...unreadable.values(), ...Array.from({ length: unnamed }, () => ({ id: null }))] };
        }
        if (seen.has(result.nextCursor) || result.nextCursor === cursor) {
          throw new ApiFailure('bad_response', 'The key API returned the same page twice while listing keys; stopped to avoid an endless loop.');
        }
        seen.add(result.nextCursor);
        cursor = result.nextCursor;
      }
      throw new ApiFailure('bad_response', `The key API returned more than ${MAX_PAGES} pages of keys; stopped listing.`);
    },
    createKey(body, idempotencyKey) {
      return retryOnceIfIdempotent(idempotencyKey, () =>
        call({ method: 'POST', path: '/v1/keys', body, headers: idempotency(idempotencyKey), schema: CreateKeyResponse, notFound: listMissing }),
      );
    },
    replaceKey(id, body, idempotencyKey) {
      return retryOnceIfIdempotent(idempotencyKey, () =>
        call({
          method: 'POST',
          path: `${keyPath(id)}/replace`,
          body,
          headers: idempotency(idempotencyKey),
          schema: ReplaceKeyResponse,
          notFound: keyGone,
        }),
      );
    },
    async renameKey(id, name) {
      const result = await call({ method: 'PATCH', path: keyPath(id), body: { name }, schema: KeyResponse, notFound: keyGone });
      return result.key;
    },
    async deleteKey(id, leak) {
      const query = new URLSearchParams();
      if (leak) query.set('reason', 'leaked');
      if (leak?.foundOn) query.set('foundOn', leak.foundOn);
      const qs = query.toString();
      await call<void>({ method: 'DELETE', path: `${keyPath(id)}${qs ? `?${qs}` : ''}`, notFound: keyGone });
    },
    async lookupKeys(hashes) {
      const answer = await call({
        method: 'POST',
        path: '/v1/keys/lookup',
        body: { hashes },
        schema: LookupKeysResponse,
        notFound: () =>
          new ApiFailure('bad_response', 'This key API has no key lookup (POST /v1/keys/lookup answered 404): it needs a newer server version.'),
      });
      // One answer per hash, in order: anything else is not the contract.
      if (answer.results.length !== hashes.length || answer.results.some((r, i) => r.hash !== hashes[i])) {
        throw new ApiFailure('bad_response', BAD_RESPONSE);
      }
      return answer.results;
    },
    signIn() {
      const missing = () => new ApiFailure('sign_in_failed', `The key API at ${origin} does not support SSO sign-in (no /v1/auth/sign-in).`);
      return call({ method: 'POST', path: '/v1/auth/sign-in', schema: AdminIdentity, notFound: missing });
    },
    getIdentity() {
      const none = new ApiFailure('not_found', 'This key API does not say who is signed in.');
      return call({ method: 'GET', path: '/v1/auth/me', schema: Identity, notFound: () => none }).catch((error: unknown) => {
        if (error === none) return null;
        throw error;
      });
    },
    listAudit(query) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
      const qs = params.toString();
      return call({
        method: 'GET',
        path: `/v1/audit${qs ? `?${qs}` : ''}`,
        schema: AuditPage,
        notFound: () => new ApiFailure('bad_response', `This key API has no audit log (${apiUrl}/v1/audit answered HTTP 404).`),
      });
    },
  };
  return client;
}

function idempotency(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { [IDEMPOTENCY_HEADER]: key };
}

/**
 * A network failure (no answer, or the connection cut mid-answer; a timeout
 * too) may hide a key the server did create. Only with an Idempotency-Key is
 * a retry safe: the server recognizes it and makes no second key. A real
 * answer (4xx/5xx) is never retried.
 */
async function retryOnceIfIdempotent<T>(idempotencyKey: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const retriable = error instanceof ApiFailure && (error.info.code === 'unreachable' || error.info.code === 'timeout');
    if (idempotencyKey === undefined || !retriable) throw error;
    return run();
  }
}

function timeoutFailure(origin: string, timeoutMs: number): ApiFailure {
  return new ApiFailure('timeout', `The key API at ${origin} did not answer within ${Math.round(timeoutMs / 1000)} s. Try again.`);
}

function safeOrigin(apiUrl: string): string {
  try {
    return new URL(apiUrl).origin;
  } catch {
    return 'the configured URL';
  }
}

function serverCode(text: string): string | undefined {
  const json = parseJson(text);
  if (json === NOT_JSON) return undefined;
  const body = ApiErrorBody.safeParse(json);
  return body.success ? body.data.error.code : undefined;
}

const NOT_JSON = Symbol('not json');
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function notJson(response: Response): ApiFailure {
  const type = response.headers.get('Content-Type') ?? '';
  if (/html/i.test(type)) {
    return new ApiFailure(
      'bad_response',
      "The server's response was not understood (expected JSON from the key API, got a web page — a login page or website?). Check the API URL in Options.",
    );
  }
  return new ApiFailure('bad_response', BAD_RESPONSE);
}

/** Reads the body as text, refusing (and cancelling the download) beyond maxBytes. */
async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const tooBig = () =>
    new ApiFailure('bad_response', `The key API's response was larger than ${Math.round(maxBytes / 1024 / 1024)} MB and was refused.`);
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    void response.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!response.body) {
    const text = await response.text();
    if (text.length > maxBytes) throw tooBig();
    return text;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort();
      void reader.cancel().catch(() => {});
      throw tooBig();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Retry-After as whole seconds: delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
