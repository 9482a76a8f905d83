import { beforeEach, describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readCachedList, readFirstScreen } from '../../../lib/page/keys-cache-reader';
import { readRawRecord } from '../../../lib/page/cache-raw';
import { cacheDbName, FIRST_SCREEN_ID } from '../../../lib/shared/cache/layout';
import { openKeysCache } from '../../../lib/worker/stores/keys-cache';
import { key } from '../../support/keys';

const API = 'https://keys.example.com';

let factory: IDBFactory;
beforeEach(() => {
  factory = new IDBFactory();
});

/** Keys as the cache holds them: the creator recorded, or null when the server named none. */
const stored = (n: number) => key(n, { createdBy: n === 1 ? { id: 2, name: 'Alice' } : null });

const databases = async () => (await factory.databases()).map((d) => `${d.name}@${d.version}`);

describe('the pages’ cache reader', () => {
  it('reads the list and the first screen the worker wrote', async () => {
    const cache = await openKeysCache('c1', factory, () => Date.UTC(2030, 0, 2));
    await cache.replaceAll(API, [stored(1), key(3), stored(2)], '2030-01-02T00:00:00.000Z');
    cache.close();
    const list = await readCachedList('c1', factory);
    expect(list).toEqual({ keys: [stored(3), stored(2), stored(1)], syncedAt: '2030-01-02T00:00:00.000Z', apiUrl: API });
    const first = await readFirstScreen('c1', undefined, factory);
    expect(first).toMatchObject({ apiUrl: API, total: 3, never: 3, keys: [stored(3), stored(2), stored(1)] });
  });

  it('parses a record early-read already fetched instead of reading again', async () => {
    const cache = await openKeysCache('c1', factory, () => Date.UTC(2030, 0, 2));
    await cache.replaceAll(API, [stored(1)], '2030-01-02T00:00:00.000Z');
    cache.close();
    const early = readRawRecord('c1', FIRST_SCREEN_ID, factory);
    const empty = new IDBFactory(); // reading from it would find nothing
    expect((await readFirstScreen('c1', early, empty))!.keys).toEqual([stored(1)]);
    expect(await readFirstScreen('c1', Promise.resolve({ apiUrl: API, keys: 'nonsense' }), factory)).toBeNull();
  });

  it('never creates the database: before the worker has, it reads nothing and leaves nothing behind', async () => {
    expect(await readCachedList('c1', factory)).toBeNull();
    expect(await readFirstScreen('c1', undefined, factory)).toBeNull();
    expect(await databases()).toEqual([]);
  });

  it('never upgrades an older layout: it reads nothing and leaves the upgrade to the worker', async () => {
    await new Promise<void>((resolve) => {
      const r = factory.open(cacheDbName('c1'), 1);
      r.onupgradeneeded = () => r.result.createObjectStore('keys', { keyPath: 'id' });
      r.onsuccess = () => {
        r.result.close();
        resolve();
      };
    });
    expect(await readCachedList('c1', factory)).toBeNull();
    expect(await databases()).toEqual([`${cacheDbName('c1')}@1`]);
  });
});
