// Pure URL rules for the key API address; shared by the options page and the worker.

// Not [::1]: the manifest grants only these two, so an http://[::1] address
// could never be reached; validateApiUrl says what to use instead.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** This machine: plain http is allowed, and the manifest grants 127.0.0.1 and localhost statically. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

export type UrlCheck = { ok: true; apiUrl: string } | { ok: false; message: string };

/**
 * Checks and normalizes the key API URL an admin typed: https only (plain http
 * for loopback), no credentials, query or fragment; returns origin + path
 * without a trailing slash, e.g. "https://keys.example.com/api".
 */
export function validateApiUrl(text: string): UrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Enter the key API URL, e.g. https://keys.example.com.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: 'That is not a URL. Use the full address, e.g. https://keys.example.com.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'Use an https:// address for the key API.' };
  }
  if (url.protocol === 'http:' && url.hostname === '[::1]') {
    return {
      ok: false,
      message: `Use http://127.0.0.1${url.port ? `:${url.port}` : ''} for a key API on this machine: the extension may reach 127.0.0.1 and localhost, not [::1].`,
    };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: 'Use https:// — plain http is only allowed for 127.0.0.1 and localhost.' };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Remove the user name and password from the URL; the admin token goes in its own field.' };
  }
  if (url.search || trimmed.includes('?')) return { ok: false, message: 'Remove the query (the part after "?") from the URL.' };
  if (url.hash || trimmed.includes('#')) return { ok: false, message: 'Remove the fragment (the part after "#") from the URL.' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, apiUrl: `${url.origin}${path}` };
}

/**
 * The host permission pattern for the API: scheme and host, no port, e.g.
 * "https://keys.example.com/*" for "https://keys.example.com:8443/api".
 * Match patterns have no port: Firefox never grants a pattern that carries one
 * ("http://127.0.0.1:8787/*" answers false although "http://127.0.0.1/*" is
 * granted), and Chrome ignores it anyway. The options page requests exactly
 * this pattern and the worker checks exactly this pattern, so they always agree.
 */
export function originPattern(apiUrl: string): string {
  const url = new URL(apiUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
