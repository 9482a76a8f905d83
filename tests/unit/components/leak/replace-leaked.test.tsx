// @vitest-environment happy-dom
// "Replace" from the leak panel: the replace form opens with no grace period (a leaked key should stop at once).
import { afterEach, expect, it, vi } from 'vitest';
import { GenerateForm } from '../../../../components/GenerateForm';
import { makeKey, mount, unmountAll } from '../../../support/dom';

afterEach(unmountAll);

it('starts at "No grace period" when asked, and at the usual day otherwise', async () => {
  const key = makeKey(1, { name: 'leaked one', createdAt: '2026-11-01T00:00:00Z', expiresAt: null });
  const props = { now: () => new Date('2026-11-26T12:00:00Z'), createKey: vi.fn(), onOutcome: vi.fn(), onCancel: vi.fn(), replacing: key };
  const leaked = await mount(<GenerateForm {...props} initialGraceSeconds={0} />);
  expect(leaked.querySelector('select')?.value).toBe('0');
  const usual = await mount(<GenerateForm {...props} />);
  expect(usual.querySelector('select')?.value).toBe('86400');
});
