// The replacement part of the Generate form: how long the old key keeps
// working. Only an active old key gets a choice; an expired one stays expired
// (the server never extends an expiry, so there is nothing to choose).
import type { KeyMeta } from '../lib/shared/contract/schemas';

const GRACE_CHOICES: readonly [string, number][] = [
  ['No grace period', 0],
  ['1 hour', 3600],
  ['24 hours', 86_400],
  ['7 days', 604_800],
];
/** A day lets whatever uses the old key pick up the new one without an outage. */
export const DEFAULT_GRACE_SECONDS = 86_400;

export interface ReplaceOptionsProps {
  replacing: KeyMeta;
  expired: boolean;
  graceSeconds: number;
  onGraceChange: (seconds: number) => void;
}

export function ReplaceOptions({ replacing, expired, graceSeconds, onGraceChange }: ReplaceOptionsProps) {
  if (expired) {
    return <p class="help replace-help">“{replacing.name}” has already expired and stays expired; the new key replaces it.</p>;
  }
  return (
    <div class="field">
      <label for="gen-grace">Keep the old key working for</label>
      <select
        id="gen-grace"
        class="input"
        value={String(graceSeconds)}
        aria-describedby="gen-grace-help"
        onChange={(e) => onGraceChange(Number(e.currentTarget.value))}
      >
        {GRACE_CHOICES.map(([label, seconds]) => (
          <option key={seconds} value={String(seconds)}>
            {label}
          </option>
        ))}
      </select>
      <p id="gen-grace-help" class="help">
        The old key “{replacing.name}” stops working when this period ends. Its expiry is only ever shortened, never extended: if it expires sooner,
        it keeps its own date.
      </p>
    </div>
  );
}
