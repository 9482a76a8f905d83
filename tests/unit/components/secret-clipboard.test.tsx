// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretReveal, clipboardNote } from '../../../components/SecretReveal';
import { byRole, click, mount, unmountAll } from '../../support/dom';
import type { ClipboardPlan } from '../../../lib/page/clipboard-copy';

afterEach(unmountAll);

async function reveal(plan: ClipboardPlan) {
  const copy = vi.fn(async () => plan);
  const root = await mount(<SecretReveal keyName="CI deploy" secret="wbk_abc" copy={copy} onDone={() => {}} />);
  await click(byRole(root, 'button', 'Copy'));
  return { root, copy };
}

describe('SecretReveal clipboard note', () => {
  it('says when the clipboard will be cleared, after Copy', async () => {
    const { root } = await reveal({ clearAfterSeconds: 30 });
    expect(byRole(root, 'button', 'Copied')).toBeTruthy();
    expect(root.textContent).toContain(
      'The clipboard will be cleared in 30 seconds if it still holds this key. Clipboard history kept by your system is outside our reach.',
    );
  });

  it('says auto-clear is off when the admin chose never', async () => {
    const { root } = await reveal({ clearAfterSeconds: 0 });
    expect(root.textContent).toContain('Clipboard auto-clear is off (Settings).');
  });

  it('says so when the clear could not be scheduled', async () => {
    const { root } = await reveal({ clearError: 'Worker gone.' });
    expect(root.textContent).toContain("won't be cleared automatically");
  });

  it('a keyboard copy in the field goes the same way, so it is cleared too', async () => {
    const copy = vi.fn(async (): Promise<ClipboardPlan> => ({ clearAfterSeconds: 10 }));
    const root = await mount(<SecretReveal keyName="CI deploy" secret="wbk_abc" copy={copy} onDone={() => {}} />);
    byRole(root, 'textbox', 'New API key').dispatchEvent(new Event('copy', { bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(root.textContent).toContain('cleared in 10 seconds'));
    expect(copy).toHaveBeenCalledWith('wbk_abc');
  });

  it('words minutes as minutes', () => {
    expect(clipboardNote({ clearAfterSeconds: 60 })).toContain('in 1 minute if');
    expect(clipboardNote({ clearAfterSeconds: 300 })).toContain('in 5 minutes if');
  });
});
