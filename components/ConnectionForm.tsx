// The options page form: API URL, then how to sign in: "Sign in with SSO"
// when the key API offers it (discovered from GET /v1/auth/config) next to the
// admin token; remember-on-this-device applies to either.
// The host permission request must run inside the user gesture, and Firefox
// ends the gesture at the first await: the submit handler calls
// permissions.request before awaiting anything (it resolves true at once,
// without a prompt, when the origin is already granted).
import { useEffect, useState } from 'preact/hooks';
import type { OptionsApi } from './api';
import { isLoopbackHost, originPattern, validateApiUrl } from '../lib/shared/settings/url';
import { connectionConnect } from '../lib/shared/messages/connection-connect';
import { connectionDisconnect } from '../lib/shared/messages/connection-disconnect';
import { connectionGet } from '../lib/shared/messages/connection-get';
import { authConfig } from '../lib/shared/messages/auth-config';
import { authSignIn } from '../lib/shared/messages/auth-sign-in';
import { authSignOut } from '../lib/shared/messages/auth-sign-out';
import { authStatus } from '../lib/shared/messages/auth-status';

export type UrlCheck = { ok: true; url: URL; loopback: boolean; originPattern: string } | { ok: false; message: string };

/** The worker's own URL rules (lib/settings/url.ts), plus what the permission request needs. */
export function checkApiUrl(text: string): UrlCheck {
  const checked = validateApiUrl(text);
  if (!checked.ok) return checked;
  const url = new URL(checked.apiUrl);
  // Only plain-http loopback is granted by the manifest; https://localhost is asked for like any https origin.
  const loopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  return { ok: true, url, loopback, originPattern: originPattern(checked.apiUrl) };
}

type Status = { kind: 'progress' | 'success'; text: string } | { kind: 'error'; text: string } | null;

/** What the key API at the typed URL offers; `url` is what it was discovered for. */
interface Discovered {
  url: string;
  sso: boolean;
  issuerHost: string | null;
}

export function ConnectionForm({ api }: { api: OptionsApi }) {
  const [apiUrl, setApiUrl] = useState('');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [hasToken, setHasToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [discovered, setDiscovered] = useState<Discovered | null>(null);
  const [ssoUser, setSsoUser] = useState<string | null>(null);

  /** Ask the worker how this API signs in. Quietly: a URL being typed is not an error yet. */
  const discover = async (text: string) => {
    const check = checkApiUrl(text);
    if (!check.ok) return setDiscovered(null);
    if (!check.loopback && !(await api.permissions.contains([check.originPattern]))) return setDiscovered(null);
    const reply = await api.send(authConfig, { apiUrl: text.trim() });
    if ('ok' in reply) setDiscovered({ url: text.trim(), sso: reply.ok.methods.includes('sso'), issuerHost: reply.ok.issuerHost });
    else setDiscovered(null);
  };

  useEffect(() => {
    void api.send(authStatus).then((reply) => {
      if ('ok' in reply && reply.ok?.method === 'sso' && reply.ok.signedIn) setSsoUser(reply.ok.signedInAs);
    });
  }, [api]);

  useEffect(() => {
    void api.send(connectionGet).then((reply) => {
      if ('ok' in reply && reply.ok) {
        // Never the token itself: only whether one is saved.
        setApiUrl((current) => current || reply.ok!.apiUrl);
        void discover(reply.ok.apiUrl);
        setRemember(reply.ok.remember);
        setHasToken(reply.ok.hasToken);
      } else if ('error' in reply) {
        setStatus({ kind: 'error', text: reply.error.message });
      }
    });
  }, [api]);

  const connect = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const check = checkApiUrl(apiUrl);
    if (!check.ok) return setStatus({ kind: 'error', text: check.message });
    if (!token.trim()) return setStatus({ kind: 'error', text: 'Enter the admin token.' });
    setBusy(true);
    setStatus({ kind: 'progress', text: 'Connecting…' });
    try {
      if (!check.loopback) {
        const granted = await api.permissions.request([check.originPattern]);
        if (!granted) {
          setBusy(false);
          setStatus({
            kind: 'error',
            text: `Permission to reach ${check.url.origin} was not granted. The extension can't talk to your key API without it.`,
          });
          return;
        }
      }
    } catch (err) {
      setBusy(false);
      setStatus({ kind: 'error', text: `Couldn't get permission to reach ${check.url.origin}: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const reply = await api.send(connectionConnect, { apiUrl: apiUrl.trim(), adminToken: token.trim(), remember });
    setBusy(false);
    if ('ok' in reply) {
      const n = reply.ok.keyCount;
      setToken('');
      setHasToken(true);
      setStatus({ kind: 'success', text: `Connected: ${n} ${n === 1 ? 'key' : 'keys'}` });
    } else {
      setStatus({ kind: 'error', text: reply.error.message });
    }
  };

  const signIn = async () => {
    if (busy) return;
    const check = checkApiUrl(apiUrl);
    if (!check.ok) return setStatus({ kind: 'error', text: check.message });
    // First call, before any await: Firefox ends the user gesture at the first await.
    const permission = check.loopback ? Promise.resolve(true) : api.permissions.request([check.originPattern]);
    setBusy(true);
    setStatus({ kind: 'progress', text: 'Signing in… finish in the sign-in window.' });
    const granted = await permission.catch(() => false);
    if (!granted) {
      setBusy(false);
      return setStatus({
        kind: 'error',
        text: `Permission to reach ${check.url.origin} was not granted. The extension can't talk to your key API without it.`,
      });
    }
    const reply = await api.send(authSignIn, { apiUrl: apiUrl.trim(), remember });
    setBusy(false);
    if ('ok' in reply) {
      const n = reply.ok.keyCount;
      setSsoUser(reply.ok.signedInAs);
      setHasToken(false);
      setStatus({ kind: 'success', text: `Signed in as ${reply.ok.signedInAs} (${reply.ok.role}): ${n} ${n === 1 ? 'key' : 'keys'}` });
    } else {
      setStatus({ kind: 'error', text: reply.error.message });
    }
  };

  const signOut = async () => {
    if (busy) return;
    setBusy(true);
    const reply = await api.send(authSignOut);
    setBusy(false);
    if ('ok' in reply) {
      setSsoUser(null);
      setStatus({ kind: 'success', text: 'Signed out. The sign-in tokens were forgotten; the cached key list stays until you disconnect.' });
    } else {
      setStatus({ kind: 'error', text: reply.error.message });
    }
  };

  const ssoHere = discovered !== null && discovered.sso && discovered.url === apiUrl.trim();

  const disconnect = async () => {
    if (busy) return;
    setBusy(true);
    const reply = await api.send(connectionDisconnect);
    setBusy(false);
    if ('ok' in reply) {
      setToken('');
      setHasToken(false);
      setSsoUser(null);
      setStatus({ kind: 'success', text: 'Disconnected. The token and cached keys were forgotten.' });
    } else {
      setStatus({ kind: 'error', text: reply.error.message });
    }
  };

  return (
    <form class="connection" onSubmit={(event) => void connect(event)} noValidate>
      <div class="field">
        <label for="api-url">API URL</label>
        <input
          id="api-url"
          class="input"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellcheck={false}
          placeholder="https://keys.example.com"
          value={apiUrl}
          onInput={(e) => setApiUrl(e.currentTarget.value)}
          onBlur={(e) => void discover(e.currentTarget.value)}
        />
      </div>
      {(ssoHere || ssoUser) && (
        <div class="field sso">
          {ssoHere && (
            <button type="button" class="btn btn-primary" onClick={() => void signIn()} disabled={busy} aria-describedby="sso-help">
              Sign in with SSO ({discovered.issuerHost})
            </button>
          )}
          {ssoUser && (
            <button type="button" class="btn" onClick={() => void signOut()} disabled={busy}>
              Sign out
            </button>
          )}
          <p id="sso-help" class="help">
            {ssoUser ? `Signed in as ${ssoUser}.` : 'Your organization signs you in; or use an admin token below.'}
          </p>
        </div>
      )}
      <div class="field">
        <label for="admin-token">Admin token</label>
        <input
          id="admin-token"
          class="input"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          aria-describedby={hasToken ? 'token-saved' : undefined}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        {hasToken && (
          <p id="token-saved" class="help">
            A token is saved. Enter it again only to reconnect or change it.
          </p>
        )}
      </div>
      <div class="field checkbox">
        <input
          id="remember"
          type="checkbox"
          checked={remember}
          aria-describedby="remember-help"
          onChange={(e) => setRemember(e.currentTarget.checked)}
        />
        <label for="remember">Remember on this device</label>
        <p id="remember-help" class="help">
          Keeps the token on this device's disk so you stay connected after the browser restarts; otherwise it is kept in memory and forgotten when
          the browser closes.
        </p>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Connect
        </button>
        <button type="button" class="btn" onClick={() => void disconnect()} disabled={busy}>
          Disconnect
        </button>
      </div>
      <div role="status" class="status-line">
        {status && status.kind !== 'error' && <p class={status.kind}>{status.text}</p>}
      </div>
      <div role="alert" class="alert-line">
        {status?.kind === 'error' && <p class="form-error">{status.text}</p>}
      </div>
    </form>
  );
}
