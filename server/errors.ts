// The error envelope. Every non-2xx response goes through here, so the
// extension can always parse `{"error": {"code", "message", "field"?}}`.
import type { ApiErrorBody, ApiErrorCode } from '../lib/shared/contract/schemas';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

/** Thrown by guards and handlers; app.onError turns it into the envelope. */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: ErrorStatus,
    code: ApiErrorCode,
    message: string,
    options: { field?: string | undefined; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

function errorBody(code: ApiErrorCode, message: string, field?: string): ApiErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** A complete envelope response; used outside handlers (onError, notFound). */
export function errorResponse(
  status: ErrorStatus,
  code: ApiErrorCode,
  message: string,
  field?: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(errorBody(code, message, field)), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Errors can be auth-dependent; no cache should reuse them.
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

export const invalidRequest = (field: string | undefined, message: string): ApiError => new ApiError(400, 'invalid_request', message, { field });

export const notFound = (what = 'Key'): ApiError => new ApiError(404, 'not_found', `${what} not found.`);
