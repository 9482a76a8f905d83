// @vitest-environment happy-dom
// The Name fields follow the contract's unit, Unicode code points: a name of
// 100 emoji (200 UTF-16 units), which the contract allows, can be typed and
// sent; 101 are refused by the contract's own rule, not cut by maxlength.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenerateForm } from '../../../components/GenerateForm';
import { RenameField } from '../../../components/RenameField';
import { NAME_MAX } from '../../../lib/shared/contract/schemas';
import { byRole, makeKey, mount, press, submit, type, unmountAll } from '../../support/dom';

afterEach(unmountAll);

const hundred = '😀'.repeat(NAME_MAX);

describe('Name fields count code points', () => {
  it('Generate: a name of 100 emoji fits the input and is sent; 101 are refused with the contract message', async () => {
    const createKey = vi.fn(async () => ({ ok: { key: makeKey(1, { name: hundred }), secret: 'wbk_secret' } }));
    const root = await mount(
      <GenerateForm
        now={() => new Date('2026-11-26T12:00:00Z')}
        createKey={createKey}
        onOutcome={() => undefined}
        onCancel={() => undefined}
        timeZone="UTC"
      />,
    );
    const name = byRole(root, 'textbox', 'Name') as HTMLInputElement;
    expect(name.maxLength).toBeGreaterThanOrEqual(hundred.length);
    await type(name, `${hundred}😀`);
    await submit(root.querySelector('form')!);
    expect(createKey).not.toHaveBeenCalled();
    expect(byRole(root, 'alert').textContent).toMatch(/at most 100 characters \(Unicode code points\)/);
    await type(name, hundred);
    await submit(root.querySelector('form')!);
    expect(createKey).toHaveBeenCalledWith(expect.objectContaining({ name: hundred }));
  });

  it('Rename: a name of 100 emoji fits the input and is saved', async () => {
    const onSave = vi.fn(async () => null);
    const root = await mount(<RenameField initial="old" onSave={onSave} onCancel={() => undefined} />);
    const field = byRole(root, 'textbox', 'Name') as HTMLInputElement;
    expect(field.maxLength).toBeGreaterThanOrEqual(hundred.length);
    await type(field, hundred);
    await press(field, 'Enter');
    expect(onSave).toHaveBeenCalledWith(hundred);
  });
});
