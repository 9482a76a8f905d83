// The options page's list of connections: each with its colour, name, URL,
// PRODUCTION and "Set by your organization" labels; one is edited below in
// ConnectionForm, or a new one is added. What could not be read (a damaged
// list, an organization policy that failed to parse) is shown, never trusted.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { OptionsApi } from '../api';
import { ConnectionForm } from '../ConnectionForm';
import { connectionsList, type ConnectionsOverview } from '../../lib/shared/messages/connections-list';
import './connections.css';

export function ConnectionsManager({ api }: { api: OptionsApi }) {
  const [overview, setOverview] = useState<ConnectionsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The connection being edited; 'new' for a new one; null: the current one (or new when there is none). */
  const [selected, setSelected] = useState<string | null>(null);
  // The form is replaced only when the admin picks another connection (or one is removed): after a
  // Connect or Save it stays, so it neither loses what it shows nor asks the worker everything again.
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(
    async (select?: string) => {
      const reply = await api.send(connectionsList);
      if ('error' in reply) return setError(reply.error.message);
      setError(null);
      setOverview(reply.ok);
      if (select !== undefined) setSelected(select === '' ? null : select);
      else setSelected((s) => (s !== null && s !== 'new' && !reply.ok.connections.some((c) => c.id === s) ? null : s));
    },
    [api],
  );
  useEffect(() => void load(), [load]);

  if (!overview) return <div role="alert">{error && <p class="form-error">{error}</p>}</div>;
  const { connections, currentId, problems } = overview;
  const editingId = selected === 'new' ? null : (selected ?? currentId);
  const editing = connections.find((c) => c.id === editingId) ?? null;

  return (
    <section class="connections" aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      {(problems.length > 0 || error) && (
        // Only when there is something: one live alert region per page section keeps the connect form's alert unambiguous.
        <div role="alert" class="connection-problems">
          {[...problems, ...(error ? [error] : [])].map((p) => (
            <p key={p} class="form-error">
              {p}
            </p>
          ))}
        </div>
      )}
      {connections.length > 0 && (
        <ul class="connection-list" aria-label="Connections">
          {connections.map((c) => (
            <li key={c.id} class={`connection-item colour-${c.colour}`}>
              <span class="connection-swatch" aria-hidden="true" />
              <span class="grow">
                <strong>{c.name}</strong> <span class="muted">{c.apiUrl}</span>
                {c.id === currentId && <span class="muted"> · shown in the popup</span>}
                {!c.hasCredential && <span class="muted"> · not signed in</span>}
              </span>
              {c.production && <strong class="production-label">PRODUCTION</strong>}
              {c.managed && <span class="managed-label">Set by your organization</span>}
              <button
                type="button"
                class="btn btn-small"
                aria-pressed={c.id === editing?.id}
                aria-label={`Edit ${c.name}`}
                onClick={() => {
                  setDone(null);
                  setSelected(c.id);
                  setFormKey((k) => k + 1);
                }}
              >
                Edit
              </button>
            </li>
          ))}
        </ul>
      )}
      {connections.length > 0 && (
        <button
          type="button"
          class="btn"
          onClick={() => {
            setDone(null);
            setSelected('new');
            setFormKey((k) => k + 1);
          }}
          disabled={editing === null}
        >
          Add connection
        </button>
      )}
      <ConnectionForm
        key={formKey}
        api={api}
        editing={editing}
        all={connections}
        notice={done}
        onChanged={(id, message) => {
          setDone(message);
          if (id === undefined) setFormKey((k) => k + 1);
          void load(id ?? '');
        }}
      />
    </section>
  );
}
