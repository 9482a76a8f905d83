// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyList, filterKeys, visibleRange } from '../../../components/KeyList';
import { LazyRenameField, ROW_HEIGHT } from '../../../components/KeyRow';
import { allByRole, byRole, click, flush, makeKey, mount, press, type, unmountAll } from '../../support/dom';
import type { KeyMeta } from '../../../lib/shared/contract/schemas';

const now = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

function props(keys: KeyMeta[], over: Partial<Parameters<typeof KeyList>[0]> = {}) {
  return {
    keys,
    now,
    editingId: null,
    onEdit: vi.fn(),
    onCancelEdit: vi.fn(),
    onRename: vi.fn(async () => null),
    onDelete: vi.fn(),
    ...over,
  };
}

afterEach(unmountAll);

// The rename field is its own chunk (lazy); load it once so these tests see it at the first render.
beforeAll(() => LazyRenameField.preload());

describe('KeyList', () => {
  it('renders fewer than 100 rows for 10,000 keys, in a spacer as tall as the list', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => makeKey(i));
    const root = await mount(<KeyList {...props(keys)} />);
    const rows = root.querySelectorAll('li');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    const inner = root.querySelector<HTMLElement>('.rows-inner')!;
    expect(inner.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('10000');
  });

  it('renders the rows around the scroll position', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => makeKey(i));
    const root = await mount(<KeyList {...props(keys)} />);
    const scroller = root.querySelector<HTMLElement>('.rows')!;
    scroller.scrollTop = 5000 * ROW_HEIGHT;
    scroller.dispatchEvent(new Event('scroll'));
    await flush();
    const names = Array.from(root.querySelectorAll('.key-name')).map((n) => n.textContent);
    expect(names).toContain('Key 5000');
    expect(names).not.toContain('Key 0');
    expect(root.querySelectorAll('li').length).toBeLessThan(100);
  });

  it('computes a window with overscan on both sides', () => {
    expect(visibleRange(0, 380, 10_000)).toEqual([0, Math.ceil(380 / ROW_HEIGHT) + 3]);
    const [start, end] = visibleRange(100 * ROW_HEIGHT, 380, 10_000);
    expect(start).toBe(97);
    expect(end).toBeLessThan(120);
    expect(visibleRange(0, 0, 0)).toEqual([0, 0]);
  });

  it('filters by name, case-insensitively', async () => {
    const keys = [makeKey(1, { name: 'CI deploy' }), makeKey(2, { name: 'Staging' }), makeKey(3, { name: 'ci DEPLOY old' })];
    const root = await mount(<KeyList {...props(keys)} />);
    await type(byRole(root, 'searchbox', 'Search keys'), 'Deploy');
    const names = Array.from(root.querySelectorAll('.key-name')).map((n) => n.textContent);
    expect(names).toEqual(['CI deploy', 'ci DEPLOY old']);
    await type(byRole(root, 'searchbox', 'Search keys'), 'nothing');
    expect(root.textContent).toContain('No keys match “nothing”.');
  });

  it('filters 10,000 keys through the pure filter', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => makeKey(i));
    const lower = keys.map((k) => k.name.toLowerCase());
    expect(filterKeys(keys, lower, 'KEY 999').map((k) => k.name)).toEqual([
      'Key 999',
      'Key 9990',
      'Key 9991',
      'Key 9992',
      'Key 9993',
      'Key 9994',
      'Key 9995',
      'Key 9996',
      'Key 9997',
      'Key 9998',
      'Key 9999',
    ]);
    expect(filterKeys(keys, lower, '  ')).toBe(keys);
  });

  it('names each row button after its key', async () => {
    const onEdit = vi.fn();
    const onDelete = vi.fn();
    const root = await mount(<KeyList {...props([makeKey(1, { name: 'CI deploy' })], { onEdit, onDelete })} />);
    await click(byRole(root, 'button', 'Edit CI deploy'));
    expect(onEdit).toHaveBeenCalledWith(makeKey(1).id);
    await click(byRole(root, 'button', 'Delete CI deploy'));
    expect(onDelete).toHaveBeenCalledWith(expect.objectContaining({ name: 'CI deploy' }), expect.any(HTMLElement));
  });

  it('shows created, expiry and last use with exact dates on hover', async () => {
    const key = makeKey(1, {
      createdAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      expiresAt: new Date(now.getTime() + 3 * DAY).toISOString(),
      lastUsedAt: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
    });
    const root = await mount(<KeyList {...props([key])} />);
    const row = root.querySelector('li')!;
    expect(row.textContent).toContain('created 3 days ago');
    expect(row.textContent).toContain('expires in 3 days');
    expect(row.textContent).toContain('last used 3 hours ago');
    const expiry = Array.from(row.querySelectorAll('time')).find((t) => t.textContent === 'expires in 3 days')!;
    expect(expiry.getAttribute('datetime')).toBe(key.expiresAt);
    expect(expiry.getAttribute('title')).toMatch(/\d{4}/);
    // Expiring soon: a warning style, an icon and words, not colour alone.
    expect(row.classList.contains('is-soon')).toBe(true);
    expect(row.textContent).toContain('Warning:');
    expect(row.textContent).toContain('⚠');
  });

  it('shows expired and never-expiring keys without any renew action', async () => {
    const keys = [
      makeKey(1, { name: 'Old', status: 'expired', expiresAt: new Date(now.getTime() - 2 * DAY).toISOString() }),
      makeKey(2, { name: 'Forever' }),
    ];
    const root = await mount(<KeyList {...props(keys)} />);
    expect(root.textContent).toContain('expired 2 days ago');
    expect(root.textContent).toContain('never expires');
    expect(root.textContent).toContain('never used');
    expect(allByRole(root, 'button', /renew|reactivate|extend/i)).toHaveLength(0);
  });

  it('edits a name in place: Enter saves, Escape cancels, invalid names are refused inline', async () => {
    const onRename = vi.fn(async () => null);
    const onCancelEdit = vi.fn();
    const key = makeKey(1, { name: 'CI deploy' });
    const root = await mount(<KeyList {...props([key], { editingId: key.id, onRename, onCancelEdit })} />);
    const field = byRole(root, 'textbox', 'Name') as HTMLInputElement;
    expect(field.value).toBe('CI deploy');
    await type(field, '   ');
    await press(field, 'Enter');
    expect(onRename).not.toHaveBeenCalled();
    expect(byRole(root, 'alert').textContent).toBe('Name must not be empty.');
    await type(field, 'x'.repeat(101));
    await press(field, 'Enter');
    expect(byRole(root, 'alert').textContent).toMatch(/at most 100/);
    await type(field, '  CI deploy v2 ');
    await press(field, 'Enter');
    expect(onRename).toHaveBeenCalledWith(key, 'CI deploy v2');
    await press(field, 'Escape');
    expect(onCancelEdit).toHaveBeenCalled();
  });

  it('loads the rename field on first use, showing progress only if that takes over 150 ms', async () => {
    const { lazy } = await import('../../../components/lazy');
    let give!: (c: () => preact.JSX.Element) => void;
    const Part = lazy(() => new Promise<() => preact.JSX.Element>((r) => (give = r)));
    const root = await mount(<Part />);
    expect(root.textContent).toBe('');
    await flush(200);
    expect(byRole(root, 'status').textContent).toBe('Loading…');
    give(() => <p>loaded part</p>);
    await flush();
    expect(root.textContent).toBe('loaded part');
    const Broken = lazy(() => Promise.reject(new Error('chunk missing')));
    const root2 = await mount(<Broken />);
    await flush();
    expect(byRole(root2, 'alert').textContent).toMatch(/could not load/);
  });

  it('shows a rename error from the server inline', async () => {
    const key = makeKey(1, { name: 'CI deploy' });
    const onRename = vi.fn(async () => 'name: Name must be at most 100 characters.');
    const root = await mount(<KeyList {...props([key], { editingId: key.id, onRename })} />);
    await type(byRole(root, 'textbox', 'Name'), 'Other');
    await click(byRole(root, 'button', 'Save'));
    expect(byRole(root, 'alert').textContent).toContain('at most 100');
  });
});
