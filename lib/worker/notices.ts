// Notices the worker leaves for the popup (metadata only, never a secret),
// stored in storage.local under 'notices.v1'.
import { z } from '../shared/contract/zod';
import { Notice } from '../shared/messages/notices-take';
import type { StorageAreaLike } from './stores/connection-store';

export const NOTICES_KEY = 'notices.v1';
const MAX_NOTICES = 50;
const Notices = z.array(Notice);

export interface NoticeStore {
  add(notice: Notice): Promise<void>;
  take(): Promise<Notice[]>;
  clear(): Promise<void>;
}

export function createNoticeStore(local: StorageAreaLike): NoticeStore {
  // Serialize read-modify-write so two notices added at once both survive.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const read = async (): Promise<Notice[]> => {
    const parsed = Notices.safeParse((await local.get(NOTICES_KEY))[NOTICES_KEY] ?? []);
    // A damaged list is dropped rather than crashing every popup open.
    return parsed.success ? parsed.data : [];
  };
  return {
    add: (notice) =>
      serial(async () => {
        const list = [...(await read()), Notice.parse(notice)].slice(-MAX_NOTICES);
        await local.set({ [NOTICES_KEY]: list });
      }),
    take: () =>
      serial(async () => {
        const list = await read();
        await local.remove(NOTICES_KEY);
        return list;
      }),
    clear: () => serial(() => local.remove(NOTICES_KEY)),
  };
}
