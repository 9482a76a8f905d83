// Focus moves, done one way: in a layout effect, right after the commit that
// rendered the element, before the frame is painted (a plain effect waits for
// the next frame, and a key pressed in that gap would go to the wrong place).
import type { RefObject } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Focuses (and optionally selects) the element once, when the component mounts. */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>, options: { select?: boolean } = {}): void {
  useLayoutEffect(() => {
    const el = ref.current;
    el?.focus();
    if (options.select && el instanceof HTMLInputElement) el.select();
  }, []);
}

type Target = () => HTMLElement | null | undefined;

/**
 * Returns `focusAfterCommit(target)`: focuses what `target` returns once the
 * render it is requested with has been committed, e.g. the Generate button
 * that comes back when the form closes, or the list after a dialog closes.
 */
export function useFocusAfterCommit(): (target: Target) => void {
  const pending = useRef<Target | null>(null);
  const [, rerender] = useState(0);
  useLayoutEffect(() => {
    const target = pending.current;
    if (!target) return;
    pending.current = null;
    target()?.focus();
  });
  return useCallback((target: Target) => {
    pending.current = target;
    rerender((n) => n + 1);
  }, []);
}

/** Focuses the element when `active` turns false, e.g. a row's Edit button when the row leaves edit mode (saved or cancelled). */
export function useFocusWhenDone(ref: RefObject<HTMLElement | null>, active: boolean): void {
  const was = useRef(active);
  useLayoutEffect(() => {
    if (was.current && !active) ref.current?.focus();
    was.current = active;
  }, [active]);
}
