// Parts of the popup not needed for its first paint (the Generate flow, the
// delete dialog, the rename field) load on first use as their own chunks,
// keeping the popup's first-load JS small (docs/benchmarks.md). A chunk that
// takes over 150 ms shows a visible progress line; one that fails says so.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const PROGRESS_AFTER_MS = 150;

export interface Lazy<P> {
  (props: P): preact.JSX.Element | null;
  /** Starts loading now (e.g. once the list is painted), so the first click finds it ready. */
  preload(): Promise<void>;
}

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const start = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (error: unknown) => {
        pending = undefined; // the next attempt may succeed
        throw error;
      },
    ));

  function LazyPart(props: P) {
    const [, setReady] = useState(0);
    const [slow, setSlow] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      const timer = setTimeout(() => live && setSlow(true), PROGRESS_AFTER_MS);
      start().then(
        () => live && setReady(1),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
        clearTimeout(timer);
      };
    }, []);
    if (loaded) {
      const Part = loaded;
      return <Part {...props} />;
    }
    if (failed)
      return (
        <p role="alert" class="form-error">
          This part of the popup could not load. Close the popup and open it again.
        </p>
      );
    return slow ? (
      <p role="status" class="muted">
        Loading…
      </p>
    ) : null;
  }
  return Object.assign(LazyPart, {
    preload: () =>
      start().then(
        () => undefined,
        () => undefined, // a failed preload shows its error when the part is rendered
      ),
  });
}
