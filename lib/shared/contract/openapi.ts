// The key API as an OpenAPI 3.1 document, generated from the zod contract
// (zod 4's own JSON Schema converter, which reads zod/mini schemas), so the
// published document cannot drift from what the server validates.
// scripts/openapi.ts writes it to docs/openapi.json; the reference server
// serves it at GET /openapi.json; a test fails when a registered route has no
// operation here (adding an endpoint = one entry in OPERATIONS).
// Only the server and scripts import this module; extension pages never do.
import { toJSONSchema } from 'zod/v4/core';
import { z } from './zod';
import {
  ApiErrorCode,
  BODY_MAX_BYTES,
  CreateKeyResponse,
  GRACE_MAX_SECONDS,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  IsoInstant,
  KeyId,
  KeyMeta,
  KeyName,
  KeyResponse,
  ListKeysResponse,
  NAME_MAX,
  ReplaceKeyResponse,
  WhoamiResponse,
} from './schemas';
import { CreateKeyRequest, RenameKeyRequest, ReplaceKeyRequest } from './requests';
import { ListKeysQueryExtended } from './list-query';
import { AuditEvent, AuditListResponse, AuditQuery } from './audit';
import { AdminIdentity, AuthConfig } from './auth';
import { DeleteKeyQuery, LookupKeysRequest, LookupKeysResponse } from './leak';

type HttpMethod = 'get' | 'post' | 'patch' | 'delete';
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;
type JsonSchema = Record<string, unknown>;
type Schema = z.core.$ZodType;

interface Success {
  status: 200 | 201 | 204;
  description: string;
  /** A components/schemas name; absent for an empty body. */
  schema?: ComponentName | 'OpenApiDocument';
  example?: unknown;
  /** The answer carries Location: /v1/keys/{new id}. */
  location?: boolean;
}

/** One operation. Errors that follow from auth, path ids, bodies and idempotency are derived (see responsesFor). */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI path, e.g. /v1/keys/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: 'keys' | 'audit' | 'auth' | 'service' | 'meta';
  /** The least admin role, a key secret, or null = no authentication. */
  auth: 'viewer' | 'admin' | 'key' | null;
  query?: {
    schema: z.ZodMiniObject;
    docs: Readonly<Record<string, string>>;
    /** Where the zod schema's JSON form is looser than the rule (a transform's range), the exact pattern. */
    patterns?: Readonly<Record<string, string>>;
  };
  body?: { schema: ComponentName; example: unknown };
  /** Takes an optional Idempotency-Key; every other operation refuses the header (400). */
  idempotent?: boolean;
  success: readonly Success[];
  /** Codes beyond the derived ones, by status. */
  extraErrors?: Partial<Record<ErrorStatus, readonly ApiErrorCode[]>>;
}

// ---- Shared formats ----------------------------------------------------------

const INSTANT_RULES =
  'Accepted: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length (digits past milliseconds are truncated), then `Z` or `±HH:MM` ' +
  '(offset required, hours 00–23); the date must exist; no leap second `:60`, no `24:00`, no lowercase `t`/`z`, no week or ordinal dates. ' +
  'Range: after applying the offset, from `1970-01-01T00:00:00.000Z` to `9999-12-31T23:59:59.999Z` inclusive ' +
  '(so `9999-12-31T23:59:59.999-23:59` is refused); anything else is `400 invalid_request` naming the field. ' +
  'The pattern below checks the syntax; the range is checked after parsing.';

/** What servers answer: UTC, milliseconds, a year from 1970 to 9999, so the pattern states the range exactly. */
const UTC_INSTANT_PATTERN = '^(?:19[7-9]\\d|[2-9]\\d{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d\\.\\d{3}Z$';

const NAME_RULES =
  `Trimmed first (ECMAScript \`String.prototype.trim\`: U+0009–U+000D, U+0020, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF at either end), ` +
  `then, in this order: 1–${NAME_MAX} Unicode code points (JSON Schema's unit: an emoji outside the BMP is one), ` +
  'no control characters (U+0000–U+001F, U+007F–U+009F, U+2028, U+2029), no unpaired surrogate, ' +
  'no bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), no format characters (`\\p{Cf}`), ' +
  'and at least one visible character (not only White_Space, Cc, Cf, marks, default-ignorables and U+2800). ' +
  'The first rule broken is refused with `400 invalid_request`, `field: "name"`. Stored and answered as trimmed.';

const KEY_EXAMPLE = {
  id: 'key_3k9x0q7m2v5b8n1c4z6w2r9t',
  name: 'CI deploy',
  hint: 'wbk_…3Q76',
  createdAt: '2030-01-01T09:30:00.000Z',
  expiresAt: '2030-04-01T00:00:00.000Z',
  lastUsedAt: null,
  status: 'active',
  createdBy: { id: 2, name: 'Alice' },
};
const SECRET_EXAMPLE = 'wbk_Zx8Kq2Lm9Rt4Vw7Ny1Pb6Hc3Jd5Fg0Sa1r3Q76';
const CURSOR_EXAMPLE = 'WyJjcmVhdGVkQXQiLCJkZXNjIiwxODkzNDg4NDAwMDAwLCJrZXlfMHA0bDhzMmQ2ZjFnNWg5ajNrN2EyczRkIl0';

// ---- Components: request schemas are generated as input, responses as output --

const REQUESTS = {
  CreateKeyRequest,
  RenameKeyRequest,
  ReplaceKeyRequest,
  LookupKeysRequest,
} as const;

const RESPONSES = {
  KeyMeta,
  KeyName,
  ListKeysResponse,
  CreateKeyResponse,
  KeyResponse,
  ReplaceKeyResponse,
  WhoamiResponse,
  AuditEvent,
  AuditListResponse,
  HealthResponse: z.object({ status: z.literal('ok') }),
  AuthConfig,
  AdminIdentity,
  LookupKeysResponse,
} as const;

const OPENAPI_DOCUMENT_SCHEMA = {
  type: 'object',
  description: 'This document (OpenAPI 3.1).',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object' },
    servers: { type: 'array' },
    tags: { type: 'array' },
    paths: { type: 'object' },
    components: { type: 'object' },
  },
};

/**
 * The error envelope as servers send it, narrowed to the codes one response
 * can carry (clients parse `code` as any string, ApiErrorBody, so new codes stay readable).
 */
function errorEnvelope(codes: readonly ApiErrorCode[]): JsonSchema {
  const envelope = z.object({
    error: z.object({ code: z.enum(ApiErrorCode.options.filter((c) => codes.includes(c))), message: z.string(), field: z.optional(z.string()) }),
  });
  const { $schema: _s, ...json } = toJSONSchema(envelope, { target: 'draft-2020-12', io: 'output', override: dropClosedObjects }) as JsonSchema;
  return json;
}

/** Responses may grow fields (clients parse loosely), so response objects stay open; requests stay strict. */
function dropClosedObjects({ jsonSchema }: { jsonSchema: unknown }): void {
  const js = jsonSchema as JsonSchema;
  if (js.additionalProperties === false) delete js.additionalProperties;
}

type ComponentName = keyof typeof REQUESTS | keyof typeof RESPONSES;

interface Meta {
  id?: string;
  description?: string;
  [key: string]: unknown;
}

/** Registers the shared building blocks under their own names, with the rules JSON Schema can't express in words. */
function registry(io: 'input' | 'output', schemas: Readonly<Record<string, Schema>>): z.core.$ZodRegistry<Meta> {
  const reg = z.registry<Meta>();
  reg.add(KeyId, {
    id: 'KeyId',
    description:
      '`key_` and 20–40 of `[0-9a-z]`. Opaque and never reused. In a path, percent-encoded unreserved characters are decoded first (RFC 3986); nothing else is.',
    examples: [KEY_EXAMPLE.id],
  });
  if (io === 'input') {
    reg.add(IsoInstant, { id: 'Instant', description: INSTANT_RULES, examples: ['2030-04-01T00:00:00Z', '2030-04-01T02:00:00.5+02:00'] });
    reg.add(KeyName, { id: 'KeyName', minLength: 1, maxLength: NAME_MAX, description: NAME_RULES, examples: ['CI deploy'] });
  } else {
    reg.add(IsoInstant, {
      id: 'UtcInstant',
      description:
        'Always exactly `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, four-digit year, milliseconds), from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.',
      examples: ['2030-04-01T00:00:00.000Z'],
    });
  }
  for (const [id, schema] of Object.entries(schemas)) reg.add(schema, { id });
  return reg;
}

function generate(io: 'input' | 'output', schemas: Readonly<Record<string, Schema>>): Record<string, JsonSchema> {
  const reg = registry(io, schemas);
  const { schemas: out } = toJSONSchema(reg, {
    target: 'draft-2020-12',
    io,
    metadata: reg,
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      const js = jsonSchema as JsonSchema;
      if (io === 'output' && zodSchema === IsoInstant) js.pattern = UTC_INSTANT_PATTERN;
      if (io === 'output') dropClosedObjects({ jsonSchema: js });
    },
  });
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(out)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    result[id] = rest;
  }
  return result;
}

// ---- The operations ----------------------------------------------------------

/**
 * ?limit=: 1–4 digits (leading zeros allowed) whose value is 1–500. zod checks
 * the digits, then the range after a transform, which JSON Schema can't
 * follow, so the document states the same set as one pattern (a test
 * compares the two over every string of 1–5 digits). No lookahead: generators such as fast-check's
 * stringMatching don't support it.
 */
export const LIMIT_PATTERN = '^(?:0{0,3}[1-9]|0{0,2}[1-9]\\d|0?[1-4]\\d\\d|0?500)$';

const LIST_QUERY_DOCS = {
  limit: 'Page size: a whole number 1–500 written in 1–4 digits. Default 100.',
  cursor:
    "The previous page's `nextCursor`, unchanged. Opaque: clients never build or parse one. 1–1000 characters. Send the same `sort`, `order` and filters with it.",
  status: '`active` or `expired`, by the server clock at the time of the request. Default: both.',
  expiresBefore: 'Only keys with an expiry strictly before this instant (never-expiring keys excluded). ' + INSTANT_RULES,
  sort: 'Default `createdAt`. Ties are broken by `id` in the same direction.',
  order: 'Default `desc` for `createdAt` and `lastUsedAt`, `asc` for `expiresAt` and `name`.',
};

const AUDIT_QUERY_DOCS = {
  keyId: 'Only events about this key (`key.replaced` is filed under the old key).',
  actorId: 'Only events by this admin id (a positive integer in digits).',
  action: 'Only events with this action.',
  before: 'Only events strictly before this instant. ' + INSTANT_RULES,
  cursor: "The previous page's `nextCursor`, unchanged. Opaque; at most 200 characters. Send the same filters with it.",
  limit: 'Page size: a whole number 1–500 written in digits. Default 100.',
};

/**
 * Every operation of the key API. A route registered in server/routes without
 * an entry here fails tests/server/openapi.test.ts; so does an entry without a route.
 * Adding one: method, path, ids and words, auth, its body/query component,
 * success answers, and in extraErrors any code its traits don't imply (a new
 * ApiErrorCode, say). HEAD is added beside every GET. Then npm run openapi.
 */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness',
    description: 'No authentication, no database work. For launchers and load balancers.',
    tag: 'meta',
    auth: null,
    success: [{ status: 200, description: 'The server is up.', schema: 'HealthResponse', example: { status: 'ok' } }],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document',
    description: 'The contract as OpenAPI 3.1, generated from the zod schemas the reference server validates with. No authentication.',
    tag: 'meta',
    auth: null,
    success: [
      {
        status: 200,
        description: 'The document.',
        schema: 'OpenApiDocument',
        example: { openapi: '3.1.0', info: { title: 'Workbase key API', version: '1.0.0' }, paths: {} },
      },
    ],
  },
  {
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    summary: 'List keys',
    description:
      'One page of keys, keyset-paginated: pass `nextCursor` back as `cursor` until it is null. No duplicates or gaps across pages while keys are created or deleted.',
    tag: 'keys',
    auth: 'viewer',
    query: { schema: ListKeysQueryExtended, docs: LIST_QUERY_DOCS, patterns: { limit: LIMIT_PATTERN } },
    success: [{ status: 200, description: 'One page.', schema: 'ListKeysResponse', example: { keys: [KEY_EXAMPLE], nextCursor: CURSOR_EXAMPLE } }],
  },
  {
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    summary: 'Create a key',
    description:
      'Creates a key and answers its secret, the only time it is ever sent. `expiresAt` must be strictly in the future by the server clock (`400 invalid_request`, `field: "expiresAt"`), checked after an idempotent replay.',
    tag: 'keys',
    auth: 'admin',
    idempotent: true,
    body: { schema: 'CreateKeyRequest', example: { name: 'CI deploy', expiresAt: '2030-04-01T00:00:00Z' } },
    success: [
      {
        status: 201,
        description: 'Created. `alreadyIssued` is never present on 201.',
        schema: 'CreateKeyResponse',
        location: true,
        example: { key: KEY_EXAMPLE, secret: SECRET_EXAMPLE },
      },
      {
        status: 200,
        description:
          "An idempotent replay: the same Idempotency-Key and request within 24 h. The key's current metadata, `secret: null`, `alreadyIssued: true`. No new key.",
        schema: 'CreateKeyResponse',
        location: true,
        example: { key: KEY_EXAMPLE, secret: null, alreadyIssued: true },
      },
    ],
  },
  {
    method: 'get',
    path: '/v1/keys/{id}',
    operationId: 'getKey',
    summary: 'One key',
    description: "An unknown id, a deleted key's id and a string that is not a key id are all `404 not_found`.",
    tag: 'keys',
    auth: 'viewer',
    success: [{ status: 200, description: 'The key.', schema: 'KeyResponse', example: { key: KEY_EXAMPLE } }],
  },
  {
    method: 'patch',
    path: '/v1/keys/{id}',
    operationId: 'renameKey',
    summary: 'Rename a key',
    description:
      'Name is the only mutable field. A body with an `expiresAt` member at all (any value) is `400 expiry_immutable`, `field: "expiresAt"`, checked before the rest of the body. Renaming an expired key is allowed and does not reactivate it.',
    tag: 'keys',
    auth: 'admin',
    body: { schema: 'RenameKeyRequest', example: { name: 'CI deploy (prod)' } },
    success: [{ status: 200, description: 'Renamed.', schema: 'KeyResponse', example: { key: { ...KEY_EXAMPLE, name: 'CI deploy (prod)' } } }],
    extraErrors: { 400: ['expiry_immutable'] },
  },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'deleteKey',
    summary: 'Delete a key',
    description: 'Permanent. The next `GET /v1/whoami` with its secret is `401 key_invalid`; deleting it again is `404 not_found`.',
    tag: 'keys',
    auth: 'admin',
    query: {
      schema: DeleteKeyQuery,
      docs: {
        reason: '`leaked` when the key is deleted because its secret was found where it should not be; recorded in the audit event.',
        foundOn:
          'With `reason=leaked`: the http(s) origin (`scheme://host[:port]`, no path) of the page it was found on. Never a path or query: those can hold names or the key itself.',
      },
    },
    success: [{ status: 204, description: 'Deleted; empty body.' }],
  },
  {
    method: 'post',
    path: '/v1/keys/{id}/replace',
    operationId: 'replaceKey',
    summary: 'Replace (rotate) a key with a grace period',
    description:
      `Creates a new key and, in the same transaction, shortens the old key's expiry to min(old expiresAt, now + graceSeconds); never extends it, and leaves an already expired key alone. ` +
      `\`graceSeconds\` is 0–${GRACE_MAX_SECONDS}, written as a JSON integer (\`3600.0\` and \`1e3\` are refused). ` +
      'A retry with the same Idempotency-Key after the old key was deleted, or after the new key was deleted, is `409 idempotency_conflict`.',
    tag: 'keys',
    auth: 'admin',
    idempotent: true,
    body: { schema: 'ReplaceKeyRequest', example: { name: 'CI deploy', expiresAt: '2030-07-01T00:00:00Z', graceSeconds: 3600 } },
    success: [
      {
        status: 201,
        description: 'Replaced: the new key with its secret, and the old key as it now is. `alreadyIssued` is never present on 201.',
        schema: 'ReplaceKeyResponse',
        location: true,
        example: { key: { ...KEY_EXAMPLE, id: 'key_9b2m4x7q1z8c3v6n5l0k2j4h' }, secret: SECRET_EXAMPLE, replaced: KEY_EXAMPLE },
      },
      {
        status: 200,
        description: 'An idempotent replay: `secret: null`, `alreadyIssued: true`, `replaced` as the old key is now.',
        schema: 'ReplaceKeyResponse',
        location: true,
        example: { key: { ...KEY_EXAMPLE, id: 'key_9b2m4x7q1z8c3v6n5l0k2j4h' }, secret: null, alreadyIssued: true, replaced: KEY_EXAMPLE },
      },
    ],
  },
  {
    method: 'post',
    path: '/v1/keys/lookup',
    operationId: 'lookupKeys',
    summary: 'Which of these secret hashes are our keys?',
    description:
      'For leak response: the client recognises a key by its format and checksum, hashes it (SHA-256, lowercase hex) and sends only the hash. One result per hash, in order: the key, or null (not a key of this organization, or deleted). ' +
      'Not an oracle: secrets carry 190 random bits, so a hash can only be found by someone who already holds the secret. An unknown hash is an ordinary answer and does not count as a failed authentication.',
    tag: 'keys',
    auth: 'viewer',
    body: { schema: 'LookupKeysRequest', example: { hashes: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] } },
    success: [
      {
        status: 200,
        description: 'One result per hash sent.',
        schema: 'LookupKeysResponse',
        example: { results: [{ hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', key: KEY_EXAMPLE }] },
      },
    ],
  },
  {
    method: 'get',
    path: '/v1/whoami',
    operationId: 'whoami',
    summary: 'Check an API key',
    description:
      'Authenticates with a key secret (`Authorization: Bearer wbk_…`), never an admin token. Records `lastUsedAt` at most once a minute per key.',
    tag: 'service',
    auth: 'key',
    success: [{ status: 200, description: 'The key is valid.', schema: 'WhoamiResponse', example: { keyId: KEY_EXAMPLE.id, name: 'CI deploy' } }],
  },
  {
    method: 'get',
    path: '/v1/audit',
    operationId: 'listAudit',
    summary: 'Read the audit log',
    description: 'Newest first (by time, then event id), keyset-paginated like the key list.',
    tag: 'audit',
    auth: 'viewer',
    query: { schema: AuditQuery, docs: AUDIT_QUERY_DOCS, patterns: { limit: LIMIT_PATTERN } },
    success: [{ status: 200, description: 'One page of events.', schema: 'AuditListResponse', example: { events: [], nextCursor: null } }],
  },
  {
    method: 'get',
    path: '/v1/auth/config',
    operationId: 'authConfig',
    summary: 'How admins sign in here',
    description:
      'No authentication. `methods` lists `sso` when the server accepts access tokens from an OpenID provider (then `sso` names its issuer, the public client id and the scopes to ask for) and `token` for personal admin tokens. The extension needs only the API URL; the rest is discovered here.',
    tag: 'auth',
    auth: null,
    success: [
      {
        status: 200,
        description: 'The sign-in methods.',
        schema: 'AuthConfig',
        example: {
          methods: ['sso', 'token'],
          sso: { issuer: 'https://login.example.com', clientId: 'workbase-extension', scopes: ['openid', 'email', 'profile', 'offline_access'] },
        },
      },
    ],
  },
  {
    method: 'post',
    path: '/v1/auth/sign-in',
    operationId: 'signIn',
    summary: 'Record a sign-in',
    description:
      'No body. Called once after signing in: records `auth.sign_in` in the audit log with the method (`sso` or `token`) and answers who the credential belongs to and their role.',
    tag: 'auth',
    auth: 'viewer',
    success: [
      {
        status: 200,
        description: 'Signed in.',
        schema: 'AdminIdentity',
        example: { id: 2, name: 'Alice', email: 'alice@example.com', role: 'admin', method: 'sso' },
      },
    ],
  },
];

/** Hono's `/v1/keys/:id` as OpenAPI's `/v1/keys/{id}`. */
export const openApiPath = (honoPath: string): string => honoPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** The operation for a registered route, if the document has one. */
export function operationFor(method: string, honoPath: string): Operation | undefined {
  const path = openApiPath(honoPath);
  const m = method.toLowerCase();
  return OPERATIONS.find((op) => op.method === m && op.path === path);
}

// ---- Responses -----------------------------------------------------------------

const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'The request is malformed; `field` names the first problem in the documented precedence.',
  401: 'Not authenticated. Sent with `WWW-Authenticate: Bearer realm="workbase"`.',
  403: "The admin token is valid but its role may not do this (the message names the role, e.g. `Viewers can't generate keys.`). Nothing changed.",
  404: 'No such key (unknown, deleted, or not a key id).',
  409: 'The Idempotency-Key was used for a different request, or what it created or replaced was deleted since.',
  413: `The body is over ${BODY_MAX_BYTES} bytes. Sent with \`Connection: close\`.`,
  415: 'The body was not sent as `Content-Type: application/json` (a `charset`, if any, must be `utf-8`).',
  429: 'Too many failed authentications; see Retry-After.',
  500: 'A failure in the server; the message is generic.',
  503: "An SSO access token could not be checked: the OpenID provider's discovery document or keys could not be fetched. Sent with Retry-After; says nothing about the token.",
};

const ERROR_EXAMPLES: Readonly<Partial<Record<ApiErrorCode, { message: string; field?: string }>>> = {
  invalid_request: { message: 'name: Name must not be empty.', field: 'name' },
  invalid_json: { message: 'The body is not valid JSON.' },
  expiry_immutable: { message: "A key's expiry cannot be changed; create a new key instead.", field: 'expiresAt' },
  unauthorized: { message: 'The admin token is not valid.' },
  forbidden: { message: "Viewers can't generate keys." },
  not_an_admin: { message: 'Signed in as alice@example.com, who is not an admin of this key API.' },
  token_expired: { message: 'The access token has expired.' },
  provider_unavailable: { message: 'The identity provider could not be reached to check the access token. Try again in 30 s.' },
  key_invalid: { message: 'The API key is not valid.' },
  key_expired: { message: 'The API key has expired.' },
  not_found: { message: 'Key not found.' },
  idempotency_conflict: { message: 'This Idempotency-Key was already used for a different request; use a new one for a new request.' },
  payload_too_large: { message: `The body must be at most ${BODY_MAX_BYTES} bytes.` },
  unsupported_media_type: { message: 'The body must be sent as Content-Type: application/json.' },
  rate_limited: { message: 'This credential failed too many times. Try again in 42 s.' },
  internal: { message: 'Internal server error.' },
};

/** Every error an operation can answer, by status: derived from its traits, plus its extras. */
export function errorsFor(op: Operation): Map<ErrorStatus, ApiErrorCode[]> {
  const errors = new Map<ErrorStatus, ApiErrorCode[]>();
  const add = (status: ErrorStatus, ...codes: ApiErrorCode[]) => {
    const list = errors.get(status) ?? [];
    for (const code of codes) if (!list.includes(code)) list.push(code);
    errors.set(status, list);
  };
  // Host, unknown or repeated query parameters, an Idempotency-Key where none is taken (or a malformed one).
  add(400, 'invalid_request');
  if (op.auth === 'key') add(401, 'key_invalid', 'key_expired');
  else if (op.auth !== null) {
    // Admin credentials: a token, or an SSO access token (expired → refresh; valid but nobody here → not_an_admin).
    add(401, 'unauthorized', 'token_expired');
    add(403, 'not_an_admin');
    add(503, 'provider_unavailable');
  }
  if (op.auth === 'admin') add(403, 'forbidden');
  if (op.path.includes('{id}')) add(404, 'not_found');
  if (op.idempotent) add(409, 'idempotency_conflict');
  if (op.body) {
    add(400, 'invalid_json');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type');
  }
  for (const [status, codes] of Object.entries(op.extraErrors ?? {})) add(Number(status) as ErrorStatus, ...codes);
  if (op.auth !== null) add(429, 'rate_limited');
  add(500, 'internal');
  return new Map([...errors].sort(([a], [b]) => a - b));
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
const COMMON_HEADERS = { 'X-Request-Id': ref('headers', 'X-Request-Id'), 'Cache-Control': ref('headers', 'Cache-Control') };

function errorResponse(status: ErrorStatus, codes: readonly ApiErrorCode[]): JsonSchema {
  const headers: JsonSchema = { ...COMMON_HEADERS };
  if (status === 401) headers['WWW-Authenticate'] = ref('headers', 'WWW-Authenticate');
  if (status === 429 || status === 503) headers['Retry-After'] = ref('headers', 'Retry-After');
  const examples: JsonSchema = {};
  for (const code of codes) examples[code] = { value: { error: { code, ...ERROR_EXAMPLES[code] } } };
  return {
    description: `${ERROR_DESCRIPTIONS[status]} Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    headers,
    content: {
      'application/json': {
        schema: errorEnvelope(codes),
        examples,
      },
    },
  };
}

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  if (op.path.includes('{id}')) parameters.push(ref('parameters', 'KeyIdPath'));
  if (op.query) {
    for (const [name, schema] of Object.entries(op.query.schema.shape)) {
      const inner = schema instanceof z.ZodMiniOptional ? schema._zod.def.innerType : schema;
      const { $schema: _s, ...json } = toJSONSchema(inner, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const pattern = op.query.patterns?.[name];
      parameters.push({ name, in: 'query', required: false, description: op.query.docs[name], schema: pattern ? { ...json, pattern } : json });
    }
  }
  if (op.idempotent) parameters.push(ref('parameters', 'IdempotencyKey'));
  const responses: JsonSchema = {};
  for (const s of op.success) {
    const headers: JsonSchema = { ...COMMON_HEADERS };
    if (s.location) headers.Location = ref('headers', 'Location');
    responses[String(s.status)] = {
      description: s.description,
      headers,
      ...(s.schema
        ? {
            content: {
              'application/json': { schema: s.schema === 'OpenApiDocument' ? OPENAPI_DOCUMENT_SCHEMA : ref('schemas', s.schema), example: s.example },
            },
          }
        : {}),
    };
  }
  for (const [status, codes] of errorsFor(op)) responses[String(status)] = errorResponse(status, codes);
  const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: [op.tag],
    security: op.auth === null ? [] : op.auth === 'key' ? [{ apiKey: [] }] : [{ adminToken: [] }],
    ...(op.auth === 'viewer' || op.auth === 'admin' ? { 'x-min-role': op.auth } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('schemas', op.body.schema), example: op.body.example } },
          },
        }
      : {}),
    responses: sorted,
  };
}

/** HEAD wherever GET: the same statuses and headers, never a body. */
function headObject(op: Operation): JsonSchema {
  const get = operationObject(op);
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(get.responses as Record<string, JsonSchema>)) {
    const { content: _content, ...rest } = response;
    responses[status] = rest;
  }
  return {
    ...get,
    operationId: `${op.operationId}Head`,
    summary: `${op.summary} (headers only)`,
    description: `As GET ${op.path}, without a body.`,
    responses,
  };
}

const DESCRIPTION = `The HTTP contract the Workbase API Keys extension talks to. Any organization can implement it; the reference implementation is \`server/\` in the repository. Prose, rationale and curl examples: docs/api.md. Where the two overlap, this document is the authority.

Conventions every operation follows:

- **Exact paths**, up to RFC 3986 equivalence. \`/v1/keys/\` is not \`/v1/keys\`. A percent-encoded unreserved character is that character (\`/v1/%6Beys\` is \`/v1/keys\`, \`key%5F…\` is \`key_…\`); any other percent-encoding in the path (\`%2F\`, \`%20\`, a non-ASCII byte) names nothing: \`404 not_found\`.
- **Methods.** \`HEAD\` is accepted wherever \`GET\` is. Any other method on a known path, including \`OPTIONS\` and methods unknown to HTTP parsers (\`FOO\`), is \`405 method_not_allowed\` with an \`Allow\` header; on an unknown path, \`404 not_found\`.
- **No CORS.** The API sends no \`Access-Control-*\` headers and answers a preflight \`OPTIONS\` with 405: web pages cannot call it. The extension needs no CORS (host permissions exempt it).
- **Bodies** are JSON in UTF-8 (\`Content-Type: application/json\`, a \`charset\` if any must be \`utf-8\`), at most ${BODY_MAX_BYTES} bytes, without a byte order mark (a leading U+FEFF is \`400 invalid_json\`). Unknown members are refused. Numbers are integers written as integers: a fraction or exponent (\`3600.0\`, \`1e3\`) is refused as that field.
- **Lengths** are in Unicode code points, as JSON Schema's \`minLength\`/\`maxLength\` count.
- **Instants**: see the \`Instant\` (requests) and \`UtcInstant\` (responses) schemas.
- **Query parameters**: an operation refuses one it does not list, or one given twice, with \`400 invalid_request\` naming it.
- **Idempotency-Key** is taken by \`createKey\` and \`replaceKey\` only; sending it to any other operation is \`400 invalid_request\`, \`field: "Idempotency-Key"\` (the retry protection a client asks for would not exist there).
- **Every response** carries \`Cache-Control: no-store\` and \`X-Request-Id\`; every non-2xx response has the \`Error\` body.
- **Error precedence** (a request with several problems gets the first): \`Host\` (400) → method/path (404/405) → missing credential (401) → rate limit (429) → wrong credential (401) → role (403) → query parameter names, first unknown or repeated in URL order (400) → query values, in the order the operation lists its parameters (400) → malformed key id (404) → Idempotency-Key (400) → content type (415) → size (413) → UTF-8, BOM, JSON (400 \`invalid_json\`) → \`expiry_immutable\` → body: unknown members first, then members in schema order (within \`name\`: the order of the KeyName rules; within an instant: syntax, then range) → idempotent replay or conflict (200/409) → existence (404) → \`expiresAt\` in the future (400).
- **Credentials**: \`Authorization: Bearer <token>\`, the scheme case-insensitive, then one or more spaces or tabs, then the token (surrounding spaces and tabs trimmed). A header that is absent, empty, of another scheme (\`Basic …\`) or a bare \`Bearer\` counts as no credential: \`401\`, never counted by the rate limit.
- **Rate limiting** of failed authentication (reference values; other implementations may choose theirs, but must answer \`429 rate_limited\` with \`Retry-After\` in whole seconds ≥ 1): admin authentication and key checks (\`/v1/whoami\`) are separate budgets; what counts is a presented credential that does not authenticate (wrong, revoked, malformed or deleted); successes, missing credentials and expired keys never count. Per credential (its SHA-256): 10 failures per fixed 60 s window starting at its first failure. Per client address: 50 distinct failed credentials per window, after which credentials not successfully used from that address in the last 24 h get 429 without being checked. The 429 is decided before the credential is looked up. \`/healthz\` is never limited.`;

/** The whole document, deterministic (the committed docs/openapi.json must equal it). */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const op of OPERATIONS) {
    const item = (paths[op.path] ??= {});
    item[op.method] = operationObject(op);
    if (op.method === 'get') item.head = headObject(op);
  }
  const schemas = { ...generate('output', RESPONSES), ...generate('input', REQUESTS) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Workbase key API',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'The reference server on loopback (npm run server)' }],
    tags: [
      { name: 'keys', description: 'API keys: list, create, read, rename, delete, replace. Admin tokens only.' },
      { name: 'audit', description: 'Who changed what.' },
      { name: 'service', description: 'What a service accepting Workbase keys calls.' },
      { name: 'meta', description: 'Liveness and this document.' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      parameters: {
        KeyIdPath: {
          name: 'id',
          in: 'path',
          required: true,
          description:
            'A key id (percent-encoded unreserved characters are decoded first, RFC 3986). A malformed id cannot name a key: `404 not_found`, like an unknown one.',
          schema: { type: 'string' },
          example: KEY_EXAMPLE.id,
        },
        IdempotencyKey: {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: false,
          description:
            'One per form submission (a UUID). Remembered 24 h per admin token with a hash of the request (endpoint, key id for replace, the body after normalization). Same key and request: 200 replay; different request, or what it made or replaced deleted since: 409.',
          schema: toJSONSchemaBody(IdempotencyKey),
          example: '3f1c9a2e-6b7d-4e21-9c55-0d8b7a1f4e63',
        },
      },
      headers: {
        'X-Request-Id': { description: "This request's id, also recorded with its audit event.", schema: { type: 'string' } },
        'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string', const: 'no-store' } },
        Location: { description: "The key's path, `/v1/keys/{id}`.", schema: { type: 'string', pattern: '^/v1/keys/key_[0-9a-z]{20,40}$' } },
        'WWW-Authenticate': { description: 'The Bearer challenge.', schema: { type: 'string', const: 'Bearer realm="workbase"' } },
        'Retry-After': { description: 'Whole seconds until the window ends (at least 1).', schema: { type: 'string', pattern: '^[1-9]\\d*$' } },
      },
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin token (at least 32 characters). Operations name the least role in `x-min-role`; a lesser role gets 403.',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key secret: `^wbk_[0-9A-Za-z]{38}$`, the last 6 characters a base62 CRC-32 of the first 36 (see docs/api.md).',
        },
      },
    },
  };
}

function toJSONSchemaBody(schema: Schema): JsonSchema {
  const { $schema: _s, ...json } = toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  return json;
}
