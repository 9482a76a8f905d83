// The cache record carries who created a key (so "created by Alice" paints
// from the cache), copied field by field and parsed again on every read.
import { describe, expect, it } from 'vitest';
import { buildRecords, parseFirstScreen, parseList } from '../../../../lib/shared/cache/records';
import { toCacheRecord } from '../../../../lib/shared/cache/record';
import type { KeyMeta } from '../../../../lib/shared/contract/schemas';
import { key } from '../../../support/keys';

const API = 'https://keys.example.com';
const NOW = Date.UTC(2030, 0, 2);

describe('cache record: createdBy', () => {
  it('keeps the creator id and name, nothing else of it', () => {
    const withExtra = { ...key(1), createdBy: { id: 2, name: 'Alice', token: 'wbadm_not_for_the_cache' } } as KeyMeta;
    expect(toCacheRecord(withExtra).createdBy).toEqual({ id: 2, name: 'Alice' });
  });

  it('is null when the server says null or (an older server) nothing', () => {
    expect(toCacheRecord({ ...key(1), createdBy: null }).createdBy).toBeNull();
    expect(toCacheRecord(key(1)).createdBy).toBeNull();
  });

  it('survives the write and the read of both records', () => {
    const keys = [key(1, { createdBy: { id: 2, name: 'Alice' } }), key(2, { createdBy: null }), key(3)];
    const { list, firstScreen } = buildRecords(API, null, keys, NOW);
    // Through a structured clone, as IndexedDB stores it.
    const parsed = parseList(structuredClone(list));
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.keys.map((k) => [k.name, k.createdBy])).toEqual([
      ['Key 3', null],
      ['Key 2', null],
      ['Key 1', { id: 2, name: 'Alice' }],
    ]);
    expect(parseFirstScreen(structuredClone(firstScreen))?.keys.find((k) => k.id === key(1).id)?.createdBy).toEqual({ id: 2, name: 'Alice' });
  });

  it('a stored record whose creator is malformed is skipped on read, like any bad key', () => {
    const { list } = buildRecords(API, null, [key(1), key(2)], NOW);
    const damaged = { ...list, keys: [list.keys[0], { ...list.keys[1], createdBy: { id: 'two', name: 7 } }] };
    const parsed = parseList(damaged);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.keys.map((k) => k.name)).toEqual(['Key 2']);
    expect(parsed.skipped).toBe(1);
  });
});
