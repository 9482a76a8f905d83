// The request path as it may appear in the log: bounded, printable, and with
// every credential the server can recognise replaced by [redacted]. Clients
// do put tokens in URLs by mistake, and an operator-chosen admin token has
// no prefix to spot it by, so redaction is by value, not only by shape:
// - values known in clear: the admin token supplied or generated at this
//   start, and the credential presented with this very request;
// - values known only by hash (admin tokens from earlier starts): any path
//   segment long enough to be one is hashed and looked up;
// - anything shaped like a key secret or generated admin token (wbk_, wbadm_).
import { ADMIN_TOKEN_MIN_LENGTH } from './admin-token';

const MAX_LOGGED = 200;
const PLAIN_PATH = /^(?:(?!wb(?:k|adm)_)[\x21-\x24\x26-\x7e])*$/; // printable ASCII, no '%', no secret prefix
// Any credential the server accepts is at least this long (admin tokens: 32;
// key secrets: 42), so a path with no segment this long and no known value in
// it holds none, and the presented credential is only read when one might.
const LONG_SEGMENT = new RegExp(`[^/]{${ADMIN_TOKEN_MIN_LENGTH}}`);

export interface Redactor {
  (rawPath: string, presented: () => string | undefined): Promise<string>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function createRedactor(knownValues: readonly string[], isAdminToken: (candidate: string) => Promise<boolean>): Redactor {
  const known = [...new Set(knownValues.filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  return async (rawPath, presentedCredential) => {
    // The common case (short, plain, nothing known in it) needs no copy.
    if (rawPath.length <= MAX_LOGGED && PLAIN_PATH.test(rawPath) && !LONG_SEGMENT.test(rawPath) && !known.some((v) => rawPath.includes(v))) {
      return rawPath;
    }
    const presented = presentedCredential();
    const values = presented !== undefined && presented.length >= ADMIN_TOKEN_MIN_LENGTH ? [presented, ...known] : known;
    const segments = rawPath.split('/');
    let path = decode(rawPath);
    for (const value of values) path = path.replaceAll(value, '[redacted]');
    for (const segment of segments) {
      const candidate = decode(segment);
      if (candidate.length >= ADMIN_TOKEN_MIN_LENGTH && path.includes(candidate) && (await isAdminToken(candidate))) {
        path = path.replaceAll(candidate, '[redacted]');
      }
    }
    const safe = path
      .replace(/wb(k|adm)_[0-9A-Za-z_-]*/g, 'wb$1_[redacted]')
      .slice(0, MAX_LOGGED)
      .replace(/[^\x21-\x7e]/g, '?');
    return path.length > MAX_LOGGED ? `${safe}…` : safe;
  };
}
