// The popup's side: copy (inside the click's user gesture), then ask the
// worker to clear it later. The worker gets the SHA-256, never the text.
import type { Send } from './worker-client';
import { DEFAULT_PREFERENCES } from '../shared/settings/preferences';
import { sha256Hex } from '../shared/clipboard/hash';
import { clipboardScheduleClear } from '../shared/messages/clipboard-schedule-clear';
import { preferencesGet } from '../shared/messages/preferences-get';

/** What will happen to the clipboard: cleared after N seconds (0 = auto-clear off), or why it won't be. */
export type ClipboardPlan = { clearAfterSeconds: number } | { clearError: string };

export interface CopyDeps {
  writeText(text: string): Promise<void>;
  send: Send;
}

/** Rejects only if the copy itself failed; a clear that can't be scheduled is reported in the plan. */
export async function copyAndScheduleClear(text: string, deps: CopyDeps): Promise<ClipboardPlan> {
  // First, before any await: Firefox ends the click's user gesture at the first await.
  await deps.writeText(text);
  const sha256 = await sha256Hex(text);
  const prefs = await deps.send(preferencesGet);
  // Unreadable settings must not leave a key on the clipboard: clear after the default delay.
  const delaySeconds = 'ok' in prefs ? prefs.ok.clipboardClearSeconds : DEFAULT_PREFERENCES.clipboardClearSeconds;
  if (delaySeconds === 0) return { clearAfterSeconds: 0 };
  const reply = await deps.send(clipboardScheduleClear, { sha256, delaySeconds });
  return 'ok' in reply ? { clearAfterSeconds: delaySeconds } : { clearError: reply.error.message };
}
