import type { OptionsApi } from './api';
import { ConnectionsManager } from './connections/ConnectionsManager';
import { SettingsForm } from './SettingsForm';

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
    </main>
  );
}
