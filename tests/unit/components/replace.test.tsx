// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenerateForm } from '../../../components/GenerateForm';
import { PopupApp } from '../../../components/PopupApp';
import { ALREADY_ISSUED_TEXT } from '../../../components/AlreadyIssued';
import type { PopupApi } from '../../../components/api';
import { accessibleName, byRole, click, flush, makeKey, mount, queryByRole, submit, type, unmountAll } from '../../support/dom';
import type { CreateInput } from '../../../lib/page/worker-client';
import type { CreateResult } from '../../../lib/shared/messages/keys-create';
import type { AnyRequest } from '../../../lib/shared/messages';
import { fakeSend } from '../../support/page-api';

afterEach(unmountAll);

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

// A 30-day key made 27 days ago: expiring in 3 days.
const soon = makeKey(1, { name: 'CI deploy', createdAt: at(-27 * DAY), expiresAt: at(3 * DAY) });
const gone = makeKey(2, { name: 'Old job', createdAt: at(-14 * DAY), expiresAt: at(-DAY), status: 'expired' });

function form(
  replacing: typeof soon,
  result: CreateResult = { ok: { key: makeKey(9, { name: replacing.name }), secret: 'wbk_new', replaced: replacing } },
) {
  const createKey = vi.fn(async (_input: CreateInput) => result);
  const onCreated = vi.fn();
  const onAlreadyIssued = vi.fn();
  let n = 0;
  const vnode = (
    <GenerateForm
      now={() => NOW}
      createKey={createKey}
      onOutcome={(o) => {
        if (o.next === 'reveal') onCreated(o.created);
        else if (o.next === 'already-issued') onAlreadyIssued(o.issued);
      }}
      onCancel={vi.fn()}
      replacing={replacing}
      timeZone="UTC"
      newId={() => `idem-key-${++n}`}
    />
  );
  return { createKey, onCreated, onAlreadyIssued, vnode };
}
const graceSelect = (root: HTMLElement) => root.querySelector<HTMLSelectElement>('select');

describe('GenerateForm as a replacement', () => {
  it('prefills the name and the same lifetime from today, and says so', async () => {
    const f = form(soon);
    const root = await mount(f.vnode);
    expect(byRole(root, 'textbox', 'Name')).toHaveProperty('value', 'CI deploy');
    expect(byRole(root, 'textbox', 'Expiration date')).toHaveProperty('value', '2026-12-26');
    expect(root.textContent).toContain('Same lifetime as the old key: 30 days from today.');
    expect(root.querySelector('h2')!.textContent).toBe('Generate replacement for “CI deploy”');
  });

  it('offers the grace choices for an active old key and explains it is shortened, never extended', async () => {
    const root = await mount(form(soon).vnode);
    const select = graceSelect(root)!;
    expect(accessibleName(select)).toBe('Keep the old key working for');
    expect(Array.from(select.options).map((o) => [o.textContent, o.value])).toEqual([
      ['No grace period', '0'],
      ['1 hour', '3600'],
      ['24 hours', '86400'],
      ['7 days', '604800'],
    ]);
    expect(root.textContent).toContain('never extended');
  });

  it('sends replace with the chosen grace and one idempotency key per submission', async () => {
    const f = form(soon);
    const root = await mount(f.vnode);
    const select = graceSelect(root)!;
    select.value = '3600';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    await submit(root.querySelector('form')!);
    expect(f.createKey).toHaveBeenCalledWith({
      name: 'CI deploy',
      expiresAt: '2026-12-26T23:59:59.999Z',
      idempotencyKey: 'idem-key-1',
      replace: { id: soon.id, graceSeconds: 3600 },
    });
    expect(f.onCreated).toHaveBeenCalledWith({ key: expect.objectContaining({ name: 'CI deploy' }), secret: 'wbk_new', replaced: soon });
    await submit(root.querySelector('form')!);
    expect(f.createKey.mock.calls[1]![0].idempotencyKey).toBe('idem-key-2');
  });

  it('an expired old key: no grace choice, graceSeconds 0', async () => {
    const f = form(gone);
    const root = await mount(f.vnode);
    expect(graceSelect(root)).toBeNull();
    expect(root.textContent).toContain('has already expired and stays expired');
    // 13-day lifetime (rounded) from today.
    expect(byRole(root, 'textbox', 'Expiration date')).toHaveProperty('value', '2026-12-09');
    await submit(root.querySelector('form')!);
    expect(f.createKey.mock.calls[0]![0].replace).toEqual({ id: gone.id, graceSeconds: 0 });
  });

  it('a null secret goes to onAlreadyIssued with what was submitted, never to onCreated', async () => {
    const key = makeKey(9, { name: 'CI deploy' });
    const f = form(soon, { ok: { key, secret: null, alreadyIssued: true } });
    const root = await mount(f.vnode);
    await submit(root.querySelector('form')!);
    expect(f.onCreated).not.toHaveBeenCalled();
    expect(f.onAlreadyIssued).toHaveBeenCalledWith({
      key,
      input: expect.objectContaining({ idempotencyKey: 'idem-key-1', replace: expect.anything() }),
    });
  });
});

describe('popup: replace and already-issued flows', () => {
  function api(createResults: CreateResult[]): PopupApi & { sent: AnyRequest[]; inputs: CreateInput[] } {
    const sent: AnyRequest[] = [];
    const inputs: CreateInput[] = [];
    return {
      sent,
      inputs,
      send: fakeSend(async (req: AnyRequest) => {
        sent.push(req);
        if (req.type === 'keys.sync') return { ok: { keys: [soon, gone], syncedAt: NOW.toISOString() } };
        if (req.type === 'notices.take') return { ok: [] };
        if (req.type === 'keys.delete') return { ok: null };
        return { error: { code: 'internal', message: 'no' } };
      }),
      createKey: vi.fn(async (input: CreateInput) => {
        inputs.push(input);
        return createResults.shift() ?? { error: { code: 'internal' as const, message: 'no more' } };
      }),
      readCache: vi.fn(async () => null),
      openOptions: vi.fn(),
      copy: vi.fn(async () => {}),
      now: () => NOW,
    };
  }

  it('"Generate replacement for" opens the prefilled form; the result reveals the secret and updates both keys', async () => {
    const fresh = makeKey(9, { name: 'CI deploy', createdAt: NOW.toISOString(), expiresAt: at(30 * DAY) });
    const shortened = { ...soon, expiresAt: at(DAY) };
    const a = api([{ ok: { key: fresh, secret: 'wbk_fresh', replaced: shortened } }]);
    const root = await mount(<PopupApp api={a} />);
    await flush();
    await click(byRole(root, 'button', 'Generate replacement for CI deploy'));
    expect(byRole(root, 'textbox', 'Name')).toHaveProperty('value', 'CI deploy');
    expect(document.activeElement).toBe(byRole(root, 'textbox', 'Name'));
    await submit(root.querySelector('form')!);
    expect(a.inputs[0]!.replace).toEqual({ id: soon.id, graceSeconds: 86_400 });
    expect(byRole(root, 'textbox', 'New API key')).toHaveProperty('value', 'wbk_fresh');
    const rows = Array.from(root.querySelectorAll('li.key-row'));
    expect(rows.filter((r) => r.textContent.includes('CI deploy'))).toHaveLength(2);
    expect(root.querySelector(`[data-key-id="${soon.id}"]`)!.textContent).toContain('expires in 1 day');
  });

  it('already issued: says so plainly; "Delete it and generate a new one" deletes and resubmits with a NEW idempotency key', async () => {
    const first = makeKey(7, { name: 'Flaky' });
    const second = makeKey(8, { name: 'Flaky' });
    const a = api([{ ok: { key: first, secret: null, alreadyIssued: true } }, { ok: { key: second, secret: 'wbk_second' } }]);
    const root = await mount(<PopupApp api={a} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(byRole(root, 'textbox', 'Name'), 'Flaky');
    await submit(root.querySelector('form')!);
    expect(root.textContent).toContain(ALREADY_ISSUED_TEXT);
    expect(queryByRole(root, 'textbox', 'New API key')).toBeNull();
    expect(document.activeElement).toBe(byRole(root, 'button', 'Delete it and generate a new one'));
    await click(byRole(root, 'button', 'Delete it and generate a new one'));
    await flush();
    expect(a.sent).toContainEqual({ type: 'keys.delete', id: first.id });
    expect(a.inputs).toHaveLength(2);
    expect(a.inputs[1]).toMatchObject({ name: 'Flaky', expiresAt: null });
    expect(a.inputs[1]!.idempotencyKey).toBeTruthy();
    expect(a.inputs[1]!.idempotencyKey).not.toBe(a.inputs[0]!.idempotencyKey);
    expect(byRole(root, 'textbox', 'New API key')).toHaveProperty('value', 'wbk_second');
    expect(root.textContent).not.toContain(ALREADY_ISSUED_TEXT);
    expect(root.querySelector(`[data-key-id="${first.id}"]`)).toBeNull();
  });

  it('already issued: "Keep it" closes and keeps the key in the list', async () => {
    const first = makeKey(7, { name: 'Keeper' });
    const a = api([{ ok: { key: first, secret: null, alreadyIssued: true } }]);
    const root = await mount(<PopupApp api={a} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(byRole(root, 'textbox', 'Name'), 'Keeper');
    await submit(root.querySelector('form')!);
    await click(byRole(root, 'button', 'Keep it'));
    expect(root.textContent).not.toContain(ALREADY_ISSUED_TEXT);
    expect(a.sent.some((r) => r.type === 'keys.delete')).toBe(false);
    expect(root.querySelector(`[data-key-id="${first.id}"]`)).not.toBeNull();
  });

  it('already issued: a failed delete is shown and nothing new is generated', async () => {
    const first = makeKey(7, { name: 'Stuck' });
    const a = api([{ ok: { key: first, secret: null, alreadyIssued: true } }]);
    a.send = fakeSend(async (req: AnyRequest) =>
      req.type === 'keys.delete'
        ? { error: { code: 'unreachable', message: "Can't reach the key API." } }
        : req.type === 'keys.sync'
          ? { ok: { keys: [], syncedAt: NOW.toISOString() } }
          : { ok: [] },
    );
    const root = await mount(<PopupApp api={a} />);
    await flush();
    await click(byRole(root, 'button', 'Generate API Key'));
    await type(byRole(root, 'textbox', 'Name'), 'Stuck');
    await submit(root.querySelector('form')!);
    await click(byRole(root, 'button', 'Delete it and generate a new one'));
    await flush();
    expect(root.textContent).toContain("Can't reach the key API.");
    expect(a.inputs).toHaveLength(1);
  });
});
