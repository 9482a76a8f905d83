import { describe, expect, it } from 'vitest';
import { interpretCreate } from '../../../lib/page/create-outcome';
import type { CreateInput } from '../../../lib/page/worker-client';
import { key } from '../../support/keys';

const input: CreateInput = { name: 'CI deploy', expiresAt: null, idempotencyKey: 'idem-1' };

describe('interpretCreate', () => {
  it('a secret: reveal it, and put the new key in the list', () => {
    expect(interpretCreate({ ok: { key: key(1), secret: 'wbk_s' } }, input)).toEqual({
      next: 'reveal',
      created: { key: key(1), secret: 'wbk_s' },
      changed: [key(1)],
    });
  });

  it('a replacement: the old key with its shortened expiry goes into the list too', () => {
    const old = key(2, { expiresAt: '2030-01-03T00:00:00.000Z' });
    const outcome = interpretCreate({ ok: { key: key(1), secret: 'wbk_s', replaced: old } }, input);
    expect(outcome).toEqual({ next: 'reveal', created: { key: key(1), secret: 'wbk_s', replaced: old }, changed: [key(1), old] });
  });

  it('a null secret: already issued, never revealed, with what was submitted (to retry after deleting)', () => {
    const outcome = interpretCreate({ ok: { key: key(1), secret: null, alreadyIssued: true } }, input);
    expect(outcome).toEqual({ next: 'already-issued', issued: { key: key(1), input }, changed: [key(1)] });
  });

  it('an error names its form field, if it is one of the form’s', () => {
    const name = interpretCreate({ error: { code: 'invalid_input', message: 'Too long.', field: 'name' } }, input);
    expect(name).toMatchObject({ next: 'error', field: 'name', resync: false, changed: [] });
    const date = interpretCreate({ error: { code: 'invalid_input', message: 'Past.', field: 'expiresAt' } }, input);
    expect(date).toMatchObject({ field: 'expiresAt' });
    expect(interpretCreate({ error: { code: 'invalid_input', message: 'Odd.', field: 'graceSeconds' } }, input)).toMatchObject({ field: null });
  });

  it('only an interrupted create asks for a resync (the key may or may not exist)', () => {
    expect(interpretCreate({ error: { code: 'interrupted', message: 'Gone.' } }, input)).toMatchObject({ next: 'error', resync: true });
    expect(interpretCreate({ error: { code: 'timeout', message: 'Slow.' } }, input)).toMatchObject({ next: 'error', resync: false });
  });
});
