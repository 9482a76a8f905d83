import type { OptionsApi } from './api';
import { ConnectionForm } from './ConnectionForm';
import { SettingsForm } from './SettingsForm';

export function OptionsApp({ api }: { api: OptionsApi }) {
  return (
    <main class="app options">
      <h1>Workbase API Keys</h1>
      <p class="muted">
        Connect to your organization's key API. The admin token is sent only to this API URL, only by the extension's background worker.
      </p>
      <ConnectionForm api={api} />
      <SettingsForm api={api} />
    </main>
  );
}
