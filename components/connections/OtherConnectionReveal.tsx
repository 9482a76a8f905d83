// A key's secret that arrived for a connection the popup no longer shows (the
// admin switched while it was being made): shown above the current view, named
// as the connection it was made in, so it is neither lost nor mistaken for this one's.
import type { PopupApi } from '../api';
import type { Connection } from '../../lib/shared/settings/connection-info';
import { SecretReveal } from '../SecretReveal';

export interface OtherReveal {
  connection: Connection;
  keyName: string;
  secret: string | null;
}

export function OtherConnectionReveal({ reveal, copy, onDone }: { reveal: OtherReveal; copy: PopupApi['copy']; onDone: () => void }) {
  const { connection } = reveal;
  return (
    <section class={`other-connection-reveal colour-${connection.colour}`} aria-label={`Key generated in ${connection.name}`}>
      <p>
        <strong>This key was generated in “{connection.name}”</strong>
        {connection.production ? ' (PRODUCTION)' : ''}, which you switched away from while it was being made.
      </p>
      {reveal.secret === null ? (
        <>
          <p>
            Its secret can't be shown (an earlier attempt already issued it). Switch to “{connection.name}” and delete “{reveal.keyName}” if you don't
            have its secret.
          </p>
          <button type="button" class="btn" onClick={onDone}>
            Dismiss
          </button>
        </>
      ) : (
        <SecretReveal keyName={reveal.keyName} secret={reveal.secret} copy={copy} onDone={onDone} connectionName={connection.name} />
      )}
    </section>
  );
}
