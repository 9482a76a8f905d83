import { describe, expect, it, vi } from 'vitest';
import { clearIfMatches, type ClipboardIo } from '../../../../lib/shared/clipboard/compare-clear';
import { sha256Hex } from '../../../../lib/shared/clipboard/hash';
import { createOffscreenClearer, ClipboardClearError, type OffscreenDeps } from '../../../../lib/worker/clipboard/offscreen-clearer';
import { copyAndScheduleClear } from '../../../../lib/page/clipboard-copy';
import { OffscreenRequest } from '../../../../lib/shared/clipboard/offscreen-messages';
import type { Send } from '../../../../lib/page/worker-client';
import type { ReplyTo } from '../../../../lib/shared/messages';
import { clipboardScheduleClear } from '../../../../lib/shared/messages/clipboard-schedule-clear';

function fakeClipboard(initial: string): ClipboardIo & { text: string } {
  const io = {
    text: initial,
    read: async () => io.text,
    write: vi.fn(async (t: string) => void (io.text = t)),
  };
  return io;
}

describe('compare-then-clear', () => {
  it('hashes as SHA-256 hex', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('clears when the clipboard still holds our value', async () => {
    const io = fakeClipboard('wbk_secret');
    expect(await clearIfMatches(io, await sha256Hex('wbk_secret'))).toBe('cleared');
    expect(io.text).toBe('');
  });

  it('leaves anything else alone', async () => {
    const io = fakeClipboard('copied later');
    expect(await clearIfMatches(io, await sha256Hex('wbk_secret'))).toBe('changed');
    expect(io.write).not.toHaveBeenCalled();
    expect(io.text).toBe('copied later');
  });

  it('does nothing to an empty clipboard', async () => {
    const io = fakeClipboard('');
    expect(await clearIfMatches(io, await sha256Hex('wbk_secret'))).toBe('empty');
    expect(io.write).not.toHaveBeenCalled();
  });
});

describe('offscreen document', () => {
  function deps(reply: unknown = { outcome: 'cleared' }) {
    let open = false;
    let release: () => void = () => {};
    const d = {
      offscreen: {
        createDocument: vi.fn(
          (_params: Parameters<OffscreenDeps['offscreen']['createDocument']>[0]) =>
            new Promise<void>((resolve) => {
              release = () => {
                open = true;
                resolve();
              };
            }),
        ),
        closeDocument: vi.fn(async () => void (open = false)),
      },
      hasDocument: vi.fn(async () => open),
      sendMessage: vi.fn(async (_m: unknown): Promise<unknown> => reply),
    } satisfies OffscreenDeps;
    return { d, release: () => release(), isOpen: () => open };
  }

  it('concurrent clears create one document, and it is closed afterwards', async () => {
    const { d, release, isOpen } = deps();
    const clear = createOffscreenClearer(d);
    const first = clear('a'.repeat(64));
    const second = clear('b'.repeat(64));
    await vi.waitFor(() => expect(d.offscreen.createDocument).toHaveBeenCalled());
    release();
    expect(await Promise.all([first, second])).toEqual(['cleared', 'cleared']);
    expect(d.offscreen.createDocument).toHaveBeenCalledTimes(1);
    expect(d.offscreen.createDocument.mock.calls[0]?.[0]).toMatchObject({ reasons: ['CLIPBOARD'] });
    expect(isOpen()).toBe(false);
    // What went to the document is a valid, tagged request with the hash only.
    expect(OffscreenRequest.safeParse(d.sendMessage.mock.calls[0]?.[0]).success).toBe(true);
  });

  it('turns a reply it does not understand, or an error reply, into a typed error', async () => {
    for (const reply of [null, 'cleared', { outcome: 'maybe' }, { error: 'Reading the clipboard was refused (clipboardRead).' }]) {
      const { d, release } = deps(reply);
      const pending = createOffscreenClearer(d)('a'.repeat(64));
      await vi.waitFor(() => expect(d.offscreen.createDocument).toHaveBeenCalled());
      release();
      await expect(pending).rejects.toBeInstanceOf(ClipboardClearError);
      expect(d.offscreen.closeDocument).toHaveBeenCalled();
    }
  });
});

describe('copy in the popup', () => {
  function sender(prefs: ReplyTo<'preferences.get'>, schedule: ReplyTo<'clipboard.scheduleClear'> = { ok: null }) {
    return vi.fn(async (req: { type: string }) => (req.type === 'preferences.get' ? prefs : schedule)) as unknown as Send & ReturnType<typeof vi.fn>;
  }
  const prefs = (clipboardClearSeconds: 0 | 10 | 30) => ({
    ok: { version: 1 as const, warningDays: 7, remindersEnabled: false, reminderDays: [30], remindOnExpiry: true, clipboardClearSeconds },
  });

  it('sends only the hash, with the delay from preferences', async () => {
    const send = sender(prefs(10));
    const writeText = vi.fn(async () => {});
    expect(await copyAndScheduleClear('wbk_secret', { writeText, send })).toEqual({ clearAfterSeconds: 10 });
    expect(writeText).toHaveBeenCalledWith('wbk_secret');
    expect(send).toHaveBeenLastCalledWith(clipboardScheduleClear, { sha256: await sha256Hex('wbk_secret'), delaySeconds: 10 });
    expect(JSON.stringify(send.mock.calls)).not.toContain('wbk_secret');
  });

  it('"never" schedules nothing', async () => {
    const send = sender(prefs(0));
    expect(await copyAndScheduleClear('wbk_secret', { writeText: async () => {}, send })).toEqual({ clearAfterSeconds: 0 });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('unreadable preferences fall back to the default delay, so the key is still cleared', async () => {
    const send = sender({ error: { code: 'internal', message: 'Saved settings could not be read.' } });
    expect(await copyAndScheduleClear('wbk_secret', { writeText: async () => {}, send })).toEqual({ clearAfterSeconds: 30 });
  });

  it('reports a clear that could not be scheduled, and rejects only when the copy failed', async () => {
    const send = sender(prefs(10), { error: { code: 'interrupted', message: 'Worker gone.' } });
    expect(await copyAndScheduleClear('wbk_secret', { writeText: async () => {}, send })).toEqual({ clearError: 'Worker gone.' });
    await expect(copyAndScheduleClear('wbk_secret', { writeText: () => Promise.reject(new Error('denied')), send })).rejects.toThrow('denied');
  });
});
