// Chrome: a service worker has no clipboard, so the clear runs in an offscreen
// document (reason CLIPBOARD) created for the moment and closed right after.
// Chrome allows one offscreen document per extension: concurrent callers share
// one creation promise, and an existing document is reused.
import type { ClearOutcome } from '../../shared/clipboard/compare-clear';
import { OFFSCREEN_TARGET, OffscreenReply, type OffscreenRequest } from '../../shared/clipboard/offscreen-messages';

export const OFFSCREEN_PATH = '/offscreen.html';
const OFFSCREEN_JUSTIFICATION = 'Clears an API key this extension copied, only if the clipboard still holds it, after the popup has closed.';

export interface OffscreenDeps {
  offscreen: {
    createDocument(params: { url: string; reasons: ['CLIPBOARD']; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
  /** runtime.getContexts filtered to our offscreen document URL: is it open? */
  hasDocument(): Promise<boolean>;
  sendMessage(message: OffscreenRequest): Promise<unknown>;
}

export class ClipboardClearError extends Error {}

export function createOffscreenClearer(deps: OffscreenDeps): (sha256: string) => Promise<ClearOutcome> {
  let creating: Promise<void> | undefined;

  const ensure = async () => {
    if (creating) return creating;
    if (await deps.hasDocument()) return;
    creating ??= deps.offscreen
      .createDocument({ url: OFFSCREEN_PATH, reasons: ['CLIPBOARD'], justification: OFFSCREEN_JUSTIFICATION })
      .finally(() => {
        creating = undefined;
      });
    return creating;
  };

  return async (sha256) => {
    await ensure();
    try {
      const raw = await deps.sendMessage({ target: OFFSCREEN_TARGET, type: 'clearIfMatches', sha256 });
      const reply = OffscreenReply.safeParse(raw);
      if (!reply.success) throw new ClipboardClearError('The clipboard helper sent a reply the worker does not understand.');
      if ('error' in reply.data) throw new ClipboardClearError(reply.data.error);
      return reply.data.outcome;
    } finally {
      // Nothing else uses it: don't keep a hidden document alive.
      if (await deps.hasDocument().catch(() => false)) await deps.offscreen.closeDocument().catch(() => undefined);
    }
  };
}
