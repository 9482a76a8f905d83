import type { OptionsApi } from './api';
import { ConnectionsManager } from './connections/ConnectionsManager';
import { lazy } from './lazy';
import { SettingsForm } from './SettingsForm';

// Its own chunk, with the audit schemas: not needed to paint the connection form.
const AuditExport = lazy(() => import('./activity/AuditExport').then((m) => m.AuditExport));

export function OptionsApp({ api }: { api: OptionsApi }) {
  return (
    <main class="app options">
      <h1>Workbase API Keys</h1>
      <p class="muted">
        Connect to your organization's key APIs (production, staging, other organizations). Each admin token is sent only to its own API URL, only by
        the extension's background worker.
      </p>
      <ConnectionsManager api={api} />
      <SettingsForm api={api} />
      <AuditExport send={api.send} />
    </main>
  );
}
