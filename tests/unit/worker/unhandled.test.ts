import { describe, expect, it } from 'vitest';
import { describeUnhandled, reportUnhandled } from '../../../lib/worker/unhandled';

describe('reportUnhandled', () => {
  it('logs unhandled rejections and uncaught errors, with secrets redacted', () => {
    const target = new EventTarget();
    const lines: string[] = [];
    reportUnhandled(target as unknown as Parameters<typeof reportUnhandled>[0], (line) => lines.push(line));
    const rejection = Object.assign(new Event('unhandledrejection'), { reason: new TypeError('bad wbk_' + 'a'.repeat(38)) });
    target.dispatchEvent(rejection);
    target.dispatchEvent(Object.assign(new Event('error'), { error: new Error('boom') }));
    expect(lines).toEqual(['Workbase worker: unhandled rejection: TypeError: bad wbk_…', 'Workbase worker: uncaught error: Error: boom']);
  });

  it('describes non-Error reasons without printing objects', () => {
    expect(describeUnhandled('text')).toBe('text');
    expect(describeUnhandled({ secret: 'x' })).toBe('a non-Error value');
  });
});
