// The key-id shape is defined once (KEY_ID_PATTERN): the API contract and the
// reminder notification ids must accept and refuse exactly the same ids.
import { describe, expect, it } from 'vitest';
import { KeyId } from '../../../../lib/shared/contract/schemas';
import { parseNotificationId } from '../../../../lib/shared/expiry/reminders';

const ids = [
  ['key_0123456789abcdefghij', true],
  ['key_abcdefghijklmnopqrstuvwxyz0123456789abcde', false], // 41 characters after the prefix
  ['key_abcdefghijklmnopqrs', false], // 19
  ['key_ABCDEFGHIJKLMNOPQRST', false], // upper case
  ['wbk_0123456789abcdefghij', false],
] as const;

describe('key id shape', () => {
  it.each(ids)('%s: contract and notification ids agree (%s)', (id, valid) => {
    expect(KeyId.safeParse(id).success).toBe(valid);
    expect(parseNotificationId(`expiry:7:${id}`)).toEqual(valid ? { keyIds: [id], connectionId: null } : null);
  });
});
