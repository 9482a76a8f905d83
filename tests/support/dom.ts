// Tiny DOM helpers for the UI unit tests (happy-dom + Preact), in the spirit
// of Testing Library's role/name queries. Test-only: nothing imports this at runtime.
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { key } from './keys';

export async function mount(vnode: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => {
    render(vnode, root);
  });
  return root;
}

export async function unmountAll(): Promise<void> {
  for (const el of Array.from(document.body.children)) {
    await act(() => render(null, el));
    el.remove();
  }
}

/** Lets pending promises, timers (0 ms) and effects settle. */
export async function flush(ms = 0): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

function text(el: Element | null): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  const by = el.getAttribute('aria-labelledby');
  if (by)
    return by
      .split(/\s+/)
      .map((id) => text(el.ownerDocument.getElementById(id)))
      .join(' ');
  if (el.id) {
    const forLabel = el.ownerDocument.querySelector(`label[for="${el.id}"]`);
    if (forLabel) return text(forLabel);
  }
  const wrapping = el.closest('label');
  if (wrapping) return text(wrapping);
  if (el instanceof HTMLInputElement) return '';
  return text(el);
}

function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit;
  const tag = el.tagName.toLowerCase();
  if (tag === 'button') return 'button';
  if (tag === 'select') return 'combobox';
  if (tag === 'section' && (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'))) return 'region';
  if (tag === 'li') return 'listitem';
  if (tag === 'ul') return 'list';
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'checkbox') return 'checkbox';
    if (type === 'search') return 'searchbox';
    return 'textbox'; // text, url, password, date: close enough for these tests
  }
  return null;
}

function hidden(el: Element): boolean {
  return el.closest('[aria-hidden="true"]') !== null;
}

export function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('*')).filter((el) => {
    if (roleOf(el) !== role || hidden(el)) return false;
    if (name === undefined) return true;
    const n = accessibleName(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

export function byRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length !== 1) throw new Error(`Expected one ${role} named ${String(name)}, found ${found.length}`);
  return found[0]!;
}

/** byRole for a control that arrives in a lazy chunk: waits (up to timeoutMs) for the import to land and render. */
export async function findByRole(root: ParentNode, role: string, name?: string | RegExp, timeoutMs = 5_000): Promise<HTMLElement> {
  const deadline = Date.now() + timeoutMs;
  while (allByRole(root, role, name).length === 0 && Date.now() < deadline) await flush(10);
  return byRole(root, role, name);
}

export function queryByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement | null {
  return allByRole(root, role, name)[0] ?? null;
}

export async function click(el: HTMLElement): Promise<void> {
  await act(async () => {
    el.click();
  });
  await flush();
}

export async function type(el: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function press(el: HTMLElement, key: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
  await flush();
}

export async function submit(form: HTMLFormElement): Promise<void> {
  await act(async () => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

/**
 * @deprecated Use key() from ./keys. A preset over that one factory (per-key
 * hint, one creation date) kept only for the component and page tests that
 * still import it; their owners move them to key().
 */
export function makeKey(i: number, over: Partial<KeyMeta> = {}): KeyMeta {
  return key(i, { hint: `wbk_…${String(i).padStart(4, '0').slice(-4)}`, createdAt: '2026-11-01T10:00:00.000Z', ...over });
}
