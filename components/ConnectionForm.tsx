// The options page form for one connection (or a new one): name, API URL,
// colour, production, admin token, remember-on-this-device. An organization's
// connection shows its fields read-only and can't be removed. How to sign in:
// "Sign in with SSO" when the key API offers it (discovered from GET
// /v1/auth/config) next to the admin token; remember-on-this-device applies to either.
// The host permission request must run inside the user gesture, and Firefox
// ends the gesture at the first await: the submit handler calls
// permissions.request before awaiting anything (it resolves true at once,
// without a prompt, when the origin is already granted).
import { useEffect, useState } from 'preact/hooks';
import type { OptionsApi } from './api';
import { isLoopbackHost, originPattern, validateApiUrl } from '../lib/shared/settings/url';
import { connectionConnect } from '../lib/shared/messages/connection-connect';
import { connectionDisconnect } from '../lib/shared/messages/connection-disconnect';
import { connectionsSave } from '../lib/shared/messages/connections-save';
import { authConfig } from '../lib/shared/messages/auth-config';
import { authSignIn } from '../lib/shared/messages/auth-sign-in';
import { authSignOut } from '../lib/shared/messages/auth-sign-out';
import { authStatus } from '../lib/shared/messages/auth-status';
import { connectionsRemove } from '../lib/shared/messages/connections-remove';
import {
  CONNECTION_COLOURS,
  CONNECTION_NAME_MAX,
  sameUrlAs,
  type ConnectionColour,
  type ConnectionInfo,
} from '../lib/shared/settings/connection-info';

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

export interface ConnectionFormProps {
  api: OptionsApi;
  /** The connection being edited; null: a new one. */
  editing: ConnectionInfo | null;
  /** Every connection, to warn about a URL another one already uses. */
  all: readonly ConnectionInfo[];
  /** Something was saved or removed: the list reloads (and selects `id` when given) and says `message` (this form may be replaced). */
  onChanged: (id: string | undefined, message: string) => void;
  /** What the last change said (the form it came from may have been replaced by this one). */
  notice?: string | null;
}

export function ConnectionForm({ api, editing, all, onChanged, notice = null }: ConnectionFormProps) {
  const [name, setName] = useState(editing?.name ?? '');
  const [apiUrl, setApiUrl] = useState(editing?.apiUrl ?? '');
  const [colour, setColour] = useState<ConnectionColour>(editing?.colour ?? 'blue');
  const [production, setProduction] = useState(editing?.production ?? false);
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(editing?.remember ?? false);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [status, setStatus] = useState<Status>(notice ? { kind: 'success', text: notice } : null);
  const [discovered, setDiscovered] = useState<Discovered | null>(null);
  const [ssoUser, setSsoUser] = useState<string | null>(null);
  const managed = editing?.managed ?? false;

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
    if (!editing) return;
    void discover(editing.apiUrl);
    void api.send(authStatus, { connectionId: editing.id }).then((reply) => {
      if ('ok' in reply && reply.ok?.method === 'sso' && reply.ok.signedIn) setSsoUser(reply.ok.signedInAs);
    });
    // Once per form: the manager replaces the form when another connection is picked.
  }, [api]);
  const hasToken = (editing?.hasCredential ?? false) && editing?.signIn === 'token';
  const prefix = editing?.id ?? 'new';

  const checkedUrl = validateApiUrl(apiUrl);
  const twins = checkedUrl.ok ? sameUrlAs(all, checkedUrl.apiUrl, editing?.id) : [];

  const finish = (reply: { ok: unknown } | { error: { message: string } }, success: string, id?: string) => {
    setBusy(false);
    if ('error' in reply) return setStatus({ kind: 'error', text: reply.error.message });
    setStatus({ kind: 'success', text: success });
    onChanged(id, success);
  };

  const connect = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const check = checkApiUrl(apiUrl);
    if (!check.ok) return setStatus({ kind: 'error', text: check.message });
    if (!token.trim()) {
      if (editing && check.url.href.replace(/\/$/, '') === editing.apiUrl.replace(/\/$/, '')) return void save();
      return setStatus({ kind: 'error', text: 'Enter the admin token.' });
    }
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
    const reply = await api.send(connectionConnect, {
      ...(editing ? { connectionId: editing.id } : {}),
      name: name.trim(),
      colour,
      production,
      apiUrl: apiUrl.trim(),
      adminToken: token.trim(),
      remember,
    });
    if ('ok' in reply) {
      setToken('');
      const n = reply.ok.keyCount;
      finish(reply, `Connected: ${n} ${n === 1 ? 'key' : 'keys'}`, reply.ok.connectionId);
    } else finish(reply, '');
  };

  /** Name, colour, production and "remember" of an existing connection: no token needed. */
  const save = async () => {
    if (!editing || busy) return;
    setBusy(true);
    const reply = await api.send(connectionsSave, { id: editing.id, name: name.trim() || editing.name, colour, production, remember });
    finish(reply, 'Saved.', editing.id);
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
    const reply = await api.send(authSignIn, {
      ...(editing ? { connectionId: editing.id } : {}),
      name: name.trim(),
      colour,
      production,
      apiUrl: apiUrl.trim(),
      remember,
    });
    if ('ok' in reply) {
      const n = reply.ok.keyCount;
      setSsoUser(reply.ok.signedInAs);
      finish(reply, `Signed in as ${reply.ok.signedInAs}, ${reply.ok.role}: ${n} ${n === 1 ? 'key' : 'keys'}`, reply.ok.connectionId);
    } else finish(reply, '');
  };

  const signOut = async () => {
    if (busy || !editing) return;
    setBusy(true);
    const reply = await api.send(authSignOut, { connectionId: editing.id });
    if ('ok' in reply) setSsoUser(null);
    finish(reply, 'Signed out. The sign-in tokens were forgotten; the cached key list stays until you disconnect.', editing.id);
  };

  const ssoHere = discovered !== null && discovered.sso && discovered.url === apiUrl.trim();

  const disconnect = async () => {
    if (busy) return;
    setBusy(true);
    const reply = await api.send(connectionDisconnect, editing ? { connectionId: editing.id } : {});
    setToken('');
    finish(reply, 'Disconnected. The token and cached keys of this connection were forgotten.', editing?.id);
  };

  const remove = async () => {
    if (!editing || busy) return;
    setBusy(true);
    const reply = await api.send(connectionsRemove, { id: editing.id });
    finish(reply, `Removed “${editing.name}”. Its token and cached keys were forgotten.`);
  };

  return (
    <form class="connection" onSubmit={(event) => void connect(event)} noValidate aria-labelledby={`${prefix}-form-title`}>
      <h2 id={`${prefix}-form-title`}>{editing ? `Connection “${editing.name}”` : 'New connection'}</h2>
      {managed && (
        <p class="managed-label" id={`${prefix}-managed`}>
          Set by your organization: its name, API URL, colour and production flag can't be changed or removed here.
        </p>
      )}
      <div class="field">
        <label for={`${prefix}-name`}>Connection name</label>
        <input
          id={`${prefix}-name`}
          class="input"
          type="text"
          autoComplete="off"
          maxLength={CONNECTION_NAME_MAX}
          placeholder="e.g. Acme production"
          value={name}
          readOnly={managed}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
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
          readOnly={managed}
          aria-describedby={twins.length ? 'url-twins' : undefined}
          onInput={(e) => setApiUrl(e.currentTarget.value)}
          onBlur={(e) => void discover(e.currentTarget.value)}
        />
        {twins.length > 0 && (
          <p id="url-twins" class="help warn">
            {twins.map((t) => `“${t.name}”`).join(', ')} already {twins.length === 1 ? 'uses' : 'use'} this API URL. That's allowed (two roles on one
            API, say); give them names that tell them apart.
          </p>
        )}
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
      <fieldset class="field colour-choice" disabled={managed}>
        <legend>Colour</legend>
        {CONNECTION_COLOURS.map((c) => (
          <label key={c} class={`colour-${c}`}>
            <input type="radio" name={`${prefix}-colour`} value={c} checked={colour === c} onChange={() => setColour(c)} />
            <span class="connection-swatch" aria-hidden="true" />
            {c}
          </label>
        ))}
      </fieldset>
      <div class="field checkbox">
        <input
          id={`${prefix}-production`}
          type="checkbox"
          checked={production}
          disabled={managed}
          aria-describedby={`${prefix}-production-help`}
          onChange={(e) => setProduction(e.currentTarget.checked)}
        />
        <label for={`${prefix}-production`}>Production</label>
        <p id={`${prefix}-production-help`} class="help">
          The popup labels it PRODUCTION, and deleting a key (or replacing one with no grace period) asks you to type the key's name.
        </p>
      </div>
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
        {editing && (
          <button type="button" class="btn" onClick={() => void save()} disabled={busy}>
            Save changes
          </button>
        )}
        <button type="button" class="btn" onClick={() => void disconnect()} disabled={busy}>
          Disconnect
        </button>
        {editing && !managed && !confirmRemove && (
          <button type="button" class="btn btn-danger" onClick={() => setConfirmRemove(true)} disabled={busy}>
            Remove connection
          </button>
        )}
      </div>
      {editing && confirmRemove && (
        <div class="confirm-remove" role="group" aria-label="Confirm removal">
          <p>Remove “{editing.name}”? Its token and cached keys on this device are forgotten; the keys on the server stay.</p>
          <button type="button" class="btn btn-danger" onClick={() => void remove()} disabled={busy}>
            Remove “{editing.name}”
          </button>
          <button type="button" class="btn" onClick={() => setConfirmRemove(false)} disabled={busy}>
            Keep it
          </button>
        </div>
      )}
      <div role="status" class="status-line">
        {status && status.kind !== 'error' && <p class={status.kind}>{status.text}</p>}
      </div>
      <div role="alert" class="alert-line">
        {status?.kind === 'error' && <p class="form-error">{status.text}</p>}
      </div>
    </form>
  );
}
