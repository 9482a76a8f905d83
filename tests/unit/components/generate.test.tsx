// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenerateForm } from '../../../components/GenerateForm';
import { SecretReveal } from '../../../components/SecretReveal';
import { byRole, click, makeKey, mount, queryByRole, submit, type, unmountAll } from '../../support/dom';
import type { CreateResult } from '../../../lib/shared/messages/keys-create';

afterEach(unmountAll);

const now = () => new Date('2026-11-26T12:00:00Z');

function setup(result: CreateResult = { ok: { key: makeKey(1, { name: 'CI deploy' }), secret: 'wbk_secret' } }) {
  const createKey = vi.fn(async () => result);
  const onCreated = vi.fn();
  const onCancel = vi.fn();
  const onAlreadyIssued = vi.fn();
  return {
    createKey,
    onCreated,
    onCancel,
    onAlreadyIssued,
    vnode: (
      <GenerateForm
        now={now}
        createKey={createKey}
        onOutcome={(o) => {
          if (o.next === 'reveal') onCreated(o.created);
          else if (o.next === 'already-issued') onAlreadyIssued(o.issued);
        }}
        onCancel={onCancel}
        timeZone="Europe/Berlin"
      />
    ),
  };
}

describe('GenerateForm', () => {
  it('refuses a past date inline, without calling createKey', async () => {
    const s = setup();
    const root = await mount(s.vnode);
    await type(byRole(root, 'textbox', 'Name'), 'CI deploy');
    await type(byRole(root, 'textbox', 'Expiration date'), '2026-11-20');
    await submit(root.querySelector('form')!);
    expect(s.createKey).not.toHaveBeenCalled();
    expect(byRole(root, 'alert').textContent).toMatch(/in the past/);
    expect(byRole(root, 'textbox', 'Expiration date').getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses an empty name without calling createKey', async () => {
    const s = setup();
    const root = await mount(s.vnode);
    await submit(root.querySelector('form')!);
    expect(s.createKey).not.toHaveBeenCalled();
    expect(byRole(root, 'alert').textContent).toBe('Name must not be empty.');
  });

  it('sends the end of the chosen day in the admin zone, and blank as never', async () => {
    const s = setup();
    const root = await mount(s.vnode);
    await type(byRole(root, 'textbox', 'Name'), '  CI deploy ');
    await click(byRole(root, 'button', '7 days'));
    expect((byRole(root, 'textbox', 'Expiration date') as HTMLInputElement).value).toBe('2026-12-03');
    await submit(root.querySelector('form')!);
    expect(s.createKey).toHaveBeenCalledWith({ name: 'CI deploy', expiresAt: '2026-12-03T22:59:59.999Z', idempotencyKey: expect.any(String) });
    expect(s.onCreated).toHaveBeenCalledWith({ key: expect.objectContaining({ name: 'CI deploy' }), secret: 'wbk_secret' });

    await click(byRole(root, 'button', 'No expiration'));
    expect((byRole(root, 'textbox', 'Expiration date') as HTMLInputElement).value).toBe('');
    await submit(root.querySelector('form')!);
    expect(s.createKey).toHaveBeenLastCalledWith({ name: 'CI deploy', expiresAt: null, idempotencyKey: expect.any(String) });
  });

  it('offers the presets and explains the end-of-day rule with the zone name', async () => {
    const root = await mount(setup().vnode);
    for (const label of ['7 days', '30 days', '60 days', '90 days', 'No expiration']) byRole(root, 'button', label);
    expect(root.textContent).toContain('The key expires at the end of the chosen day (23:59 in your time zone, Europe/Berlin).');
    byRole(root, 'button', 'Generate');
  });

  it('shows a server error next to its field', async () => {
    const s = setup({ error: { code: 'invalid_input', message: 'Name is already used.', field: 'name' } });
    const root = await mount(s.vnode);
    await type(byRole(root, 'textbox', 'Name'), 'CI deploy');
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toBe('Name is already used.');
    expect(s.onCreated).not.toHaveBeenCalled();
  });

  it('shows an interrupted create as a form error', async () => {
    const s = setup({ error: { code: 'interrupted', message: 'The background worker stopped before answering.' } });
    const root = await mount(s.vnode);
    await type(byRole(root, 'textbox', 'Name'), 'CI deploy');
    await submit(root.querySelector('form')!);
    expect(byRole(root, 'alert').textContent).toContain('stopped before answering');
  });
});

describe('SecretReveal', () => {
  function reveal(copy = vi.fn(async () => {})) {
    const onDone = vi.fn();
    return { copy, onDone, vnode: <SecretReveal keyName="CI deploy" secret="wbk_abc" copy={copy} onDone={onDone} /> };
  }

  it('shows the secret once, focused, with the warning', async () => {
    const s = reveal();
    const root = await mount(s.vnode);
    const field = byRole(root, 'textbox', 'New API key') as HTMLInputElement;
    expect(field.value).toBe('wbk_abc');
    expect(field.readOnly).toBe(true);
    expect(document.activeElement).toBe(field);
    expect(root.textContent).toContain("This key will be displayed only once. Copy it now: it can't be retrieved later.");
  });

  it('asks again when Done is pressed before copying', async () => {
    const s = reveal();
    const root = await mount(s.vnode);
    await click(byRole(root, 'button', 'Done'));
    expect(s.onDone).not.toHaveBeenCalled();
    expect(root.textContent).toContain("You haven't copied this key. Once hidden it can never be shown again.");
    await click(byRole(root, 'button', 'Go back'));
    expect(s.onDone).not.toHaveBeenCalled();
    expect(queryByRole(root, 'button', 'Hide key')).toBeNull();
    await click(byRole(root, 'button', 'Done'));
    await click(byRole(root, 'button', 'Hide key'));
    expect(s.onDone).toHaveBeenCalledTimes(1);
  });

  it('copies, says Copied, and then Done hides at once', async () => {
    const s = reveal();
    const root = await mount(s.vnode);
    await click(byRole(root, 'button', 'Copy'));
    expect(s.copy).toHaveBeenCalledWith('wbk_abc');
    byRole(root, 'button', 'Copied');
    await click(byRole(root, 'button', 'Done'));
    expect(s.onDone).toHaveBeenCalledTimes(1);
  });

  it('says so when the clipboard refuses, and still asks before hiding', async () => {
    const s = reveal(vi.fn(async () => Promise.reject(new Error('denied'))));
    const root = await mount(s.vnode);
    await click(byRole(root, 'button', 'Copy'));
    expect(byRole(root, 'alert').textContent).toMatch(/Couldn't copy/);
    await click(byRole(root, 'button', 'Done'));
    expect(s.onDone).not.toHaveBeenCalled();
  });
});
