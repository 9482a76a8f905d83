// The switcher: one choice switches at once (the other connection's list
// paints from its own cache). Numbered as Alt+1…9 switches.
import type { Connection } from '../../lib/shared/settings/connection-info';

export interface ConnectionSwitchProps {
  connections: readonly Connection[];
  current: Connection;
  onSwitch: (id: string) => void;
}

export function ConnectionSwitch({ connections, current, onSwitch }: ConnectionSwitchProps) {
  return (
    <select
      class="input connection-switch"
      aria-label="Switch connection"
      aria-keyshortcuts={connections
        .slice(0, 9)
        .map((_, i) => `Alt+${i + 1}`)
        .join(' ')}
      title="Alt+1…9 switches to the first nine connections"
      value={current.id}
      onChange={(e) => onSwitch(e.currentTarget.value)}
    >
      {connections.map((c, i) => (
        <option key={c.id} value={c.id}>
          {i < 9 ? `${i + 1}. ` : ''}
          {c.name}
          {c.production ? ' (production)' : ''}
        </option>
      ))}
    </select>
  );
}
