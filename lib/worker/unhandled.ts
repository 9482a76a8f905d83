// A promise nobody awaited that rejects would otherwise vanish in the worker
// (Chrome prints it, but nothing of ours sees it). Reporting it on the console
// makes it visible to whoever debugs the worker, and to the e2e suite, which
// fails any test that logs an error. Redacted like every other message: an
// error's text must never carry a key secret.
import { redact } from '../shared/errors';

interface ErrorEventTarget {
  addEventListener(type: 'unhandledrejection', listener: (event: { reason: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { error?: unknown; message?: string }) => void): void;
}

export function describeUnhandled(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason === 'string' ? reason : 'a non-Error value';
  return redact(text);
}

export function reportUnhandled(target: Partial<ErrorEventTarget>, log: (line: string) => void = (line) => console.error(line)): void {
  // Unit tests run the worker's entry in Node, which has no global event target.
  if (typeof target.addEventListener !== 'function') return;
  const events = target as ErrorEventTarget;
  events.addEventListener('unhandledrejection', (event) => log(`Workbase worker: unhandled rejection: ${describeUnhandled(event.reason)}`));
  events.addEventListener('error', (event) => log(`Workbase worker: uncaught error: ${describeUnhandled(event.error ?? event.message)}`));
}
