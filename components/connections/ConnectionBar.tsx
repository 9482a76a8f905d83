// The popup's connection header: which connection the list below belongs to,
// by name and colour, with an unmistakable "PRODUCTION" label (text, not
// colour alone). The switcher (ConnectionSwitch, its own chunk) goes inside;
// Alt+1…9 switches to the first nine connections (PopupApp listens for those).
import type { ComponentChildren } from 'preact';
import type { Connection } from '../../lib/shared/settings/connection-info';
import './connections.css';

export interface ConnectionBarProps {
  current: Connection;
  children?: ComponentChildren;
}

export function ConnectionBar({ current, children }: ConnectionBarProps) {
  return (
    <div class={`connection-bar colour-${current.colour}${current.production ? ' is-production' : ''}`} data-connection-id={current.id}>
      <span class="connection-swatch" aria-hidden="true" />
      <p class="connection-name" id="connection-name">
        <span class="visually-hidden">Connection: </span>
        {current.name}
      </p>
      {current.production && (
        <strong class="production-label" aria-label="Production connection">
          PRODUCTION
        </strong>
      )}
      {children}
    </div>
  );
}

/** Alt+1…9: the connection to switch to, or null for any other key. */
export function shortcutTarget(
  e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>,
  connections: readonly { id: string }[],
): string | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  // e.code, not e.key: on macOS Alt+1 types "¡".
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (!match) return null;
  return connections[Number(match[1]) - 1]?.id ?? null;
}
