// Typed failures of the key API client. Every message here may be shown to
// the admin, so it must never contain the admin token or a key secret.
import type { ErrorCode, ErrorInfo } from '../messages/protocol';

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
  out = out.replace(CONTROL, ' ').trim();
  return out.length > MESSAGE_MAX ? `${out.slice(0, MESSAGE_MAX - 1)}…` : out;
}

/** Any thrown value as ErrorInfo: ApiFailure keeps its info, anything else is a generic internal error. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiFailure) return error.info;
  return { code: 'internal', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' };
}
