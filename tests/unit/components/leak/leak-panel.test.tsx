// @vitest-environment happy-dom
// The leak panel with a fake worker: what it sends, what it shows, what it keeps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeakPanel } from '../../../../components/leak/LeakPanel';
import type { LeakResult } from '../../../../lib/shared/messages/leak-lookup';
import { byRole, click, flush, makeKey, mount, queryByRole, submit, type, unmountAll } from '../../../support/dom';
import { fakeWorker, type Handlers } from '../../../support/page-api';

afterEach(unmountAll);

const NOW = new Date('2026-11-26T12:00:00Z');
const SECRET = 'wbk_abcdefghijklmnopqrstuvwxyzABCDEF123456';
const live = makeKey(1, {
  name: 'payments prod',
  lastUsedAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
  createdBy: { id: 3, name: 'Alice' },
});

const RESULT: LeakResult = {
  session: 'session-1',
  origin: null,
  seen: 4,
  checked: 4,
  ignored: 0,
  findings: [
    { ref: 'c0', hint: 'wbk_…3456', outcome: 'found', key: live },
    { ref: 'c1', hint: 'wbk_…aaaa', outcome: 'not_found', key: null },
    { ref: 'c2', hint: 'wbk_…bbbb', outcome: 'bad_checksum', key: null },
    { ref: 'c3', hint: 'wbk_…cccc', outcome: 'wrong_length', key: null },
  ],
};

async function panel(handlers: Handlers = {}) {
  const worker = fakeWorker({ 'leak.lookup': () => ({ ok: RESULT }), 'leak.forget': () => ({ ok: null }), ...handlers });
  const closePort = vi.fn();
  const openLeakPort = vi.fn(() => closePort);
  const onReplace = vi.fn();
  const onRevoked = vi.fn();
  const root = await mount(
    <LeakPanel api={{ send: worker.send, openLeakPort }} now={() => NOW} onClose={vi.fn()} onReplace={onReplace} onRevoked={onRevoked} />,
  );
  return { root, worker, openLeakPort, closePort, onReplace, onRevoked };
}

/** The paste field, found by its label (the shared role helper knows no textarea). */
function field(root: HTMLElement): HTMLTextAreaElement {
  const label = Array.from(root.querySelectorAll('label')).find((l) => l.textContent === 'Check a key');
  const el = label && root.querySelector<HTMLTextAreaElement>(`textarea#${label.htmlFor}`);
  if (!el) throw new Error('no paste field labelled "Check a key"');
  return el;
}

describe('LeakPanel', () => {
  it('the paste field is autocomplete=off and is emptied the moment it is sent; every outcome gets its sentence', async () => {
    const { root, worker, openLeakPort } = await panel();
    expect(openLeakPort).toHaveBeenCalledTimes(1);
    expect(field(root).getAttribute('autocomplete')).toBe('off');
    await type(field(root), `look: ${SECRET}`);
    await submit(root.querySelector('form')!);
    expect(field(root).value).toBe('');
    await flush();
    expect(worker.sent.find((r) => r.type === 'leak.lookup')).toEqual({ type: 'leak.lookup', source: 'text', text: `look: ${SECRET}` });
    const text = root.textContent ?? '';
    expect(text).toContain('1 live key of this organization.');
    expect(root.querySelector('h2')?.textContent).toBe('payments prod wbk_…3456');
    expect(text).toContain('last used 2 minutes ago');
    expect(root.querySelector('time[title]')).toBeTruthy();
    expect(text).toContain('by Alice');
    expect(text).toContain('Not a key of this organization, or a key that was already deleted.');
    expect(text).toContain('the checksum is wrong — probably mistyped or truncated');
    expect(text).toContain('too short or too long');
    expect(text).not.toContain(SECRET);
  });

  it('empty text and an unreachable API each end in a clear message', async () => {
    const { root } = await panel({
      'leak.lookup': () => ({ error: { code: 'unreachable', message: "Can't reach the key API at http://127.0.0.1:1. Is it running?" } }),
    });
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toBe('Paste a key, or any text that contains keys, first.');
    await type(field(root), SECRET);
    await submit(root.querySelector('form')!);
    await flush();
    expect(byRole(root, 'alert').textContent).toMatch(/Can't reach the key API/);
  });

  it('a page with no key says so, and how many were checked when capped', async () => {
    const { root } = await panel({ 'leak.lookup': () => ({ ok: { ...RESULT, findings: [], seen: 10_000, checked: 1_000, ignored: 1_000 } }) });
    await click(byRole(root, 'button', 'Scan this page'));
    await flush();
    expect(root.textContent).toContain('No Workbase key in this page');
  });

  it('a huge page: every key of ours shown, the other outcomes capped at 20 with the rest counted', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ref: `n${i}`, hint: `wbk_…${i}`, outcome: 'not_found' as const, key: null }));
    const { root } = await panel({ 'leak.lookup': () => ({ ok: { ...RESULT, findings: [...many, RESULT.findings[0]!] } }) });
    await click(byRole(root, 'button', 'Scan this page'));
    await flush();
    expect(root.querySelectorAll('li')).toHaveLength(21);
    expect(root.textContent).toContain('payments prod');
    expect(root.textContent).toContain('10 more are not keys of this organization');
  });

  it('Revoke now asks with the key named, then shows the proof line; Replace hands the key over', async () => {
    const { root, worker, onRevoked, onReplace } = await panel({
      'leak.revoke': () => ({
        ok: { status: 'refused', detail: 'Proof: the key API now answers 401 key_invalid to this key (GET /v1/whoami). It no longer works.' },
      }),
    });
    await type(field(root), SECRET);
    await submit(root.querySelector('form')!);
    await flush();
    await click(byRole(root, 'button', 'Replace: payments prod'));
    expect(onReplace).toHaveBeenCalledWith(live);
    await click(byRole(root, 'button', 'Revoke now: payments prod'));
    const dialog = byRole(document.body, 'dialog');
    expect(dialog.textContent).toContain('Delete “payments prod”?');
    await click(byRole(dialog, 'button', 'Delete'));
    await flush();
    expect(worker.sent.find((r) => r.type === 'leak.revoke')).toEqual({ type: 'leak.revoke', session: 'session-1', ref: 'c0', keyId: live.id });
    expect(onRevoked).toHaveBeenCalledWith(live.id);
    expect(queryByRole(document.body, 'dialog')).toBeNull();
    expect(root.textContent).toContain('Revoked. Proof: the key API now answers 401');
  });

  it('closing the panel forgets the session and closes the Port', async () => {
    const { root, worker, closePort } = await panel();
    await type(field(root), SECRET);
    await submit(root.querySelector('form')!);
    await flush();
    await unmountAll();
    expect(worker.sent.at(-1)).toEqual({ type: 'leak.forget', session: 'session-1' });
    expect(closePort).toHaveBeenCalledTimes(1);
  });
});
