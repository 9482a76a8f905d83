// Errors of the extension: the codes the pages show and the worker's typed
// failure. Every message here may be shown to the admin, so it must never contain the admin token or a key secret.
import { z } from './contract/zod';
import { visibleText } from './format/visible-text';

// The one error vocabulary: what the worker reports and the pages show.
export const ErrorCode = z.enum([
  'not_connected', // no API URL / admin token configured yet
  'unauthorized', // the server rejected the admin token
  'forbidden', // the token is fine, its role may not do this (a viewer generating a key)
  'unreachable', // network failure: server down, DNS, refused
  'timeout', // the server did not answer in time
  'server_error', // 5xx or an error we cannot attribute to the request
  'bad_response', // the response was not understood (wrong shape, not JSON, too big)
  'invalid_input', // the server (or we) refused a field; `field` names it
  'not_found', // the key no longer exists (deleted elsewhere)
  'permission_denied', // host permission for the API origin not granted
  'rate_limited', // 429
  'interrupted', // the popup closed / worker stopped mid-request
  'internal', // a bug of ours; message says what
  'signed_out', // the SSO session ended (refresh refused or impossible): sign in again
  'sign_in_failed', // SSO sign-in did not complete (cancelled, provider down, state mismatch, not an admin)
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  field: z.optional(z.string()),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export class ApiFailure extends Error {
  readonly info: ErrorInfo;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiFailure';
    this.info = field === undefined ? { code, message } : { code, message, field };
  }
}

const SECRET_LIKE = /wbk_[0-9A-Za-z]+/g;
// C0/C1 controls and line separators: a server message is shown on one line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu;
const MESSAGE_MAX = 300;

/**
 * Make server-supplied text safe to show: drop anything shaped like a key
 * secret, the admin token itself (just in case the server echoes it), control
 * characters, and cap the length.
 */
export function redact(text: string, ...tokens: (string | null | undefined)[]): string {
  let out = text.replace(SECRET_LIKE, 'wbk_…');
  for (const token of tokens) {
    // Very short "tokens" would redact ordinary words; a real admin token is long.
    if (token && token.length >= 4) out = out.split(token).join('[redacted]');
  }
  // Line breaks become spaces; anything else invisible (bidi overrides, zero-width) is shown, not obeyed.
  out = visibleText(out.replace(CONTROL, ' ').trim());
  return out.length > MESSAGE_MAX ? `${out.slice(0, MESSAGE_MAX - 1)}…` : out;
}

/** Any thrown value as ErrorInfo: ApiFailure keeps its info, anything else is a generic internal error. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiFailure) return error.info;
  return { code: 'internal', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' };
}
