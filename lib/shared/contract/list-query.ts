// GET /v1/keys query parameters beyond the original contract: sorting and
// filtering. Every field is optional, so ListKeysQuery callers keep working;
// the cursor limit is larger because a cursor now carries the sort value
// (a name can be up to 100 characters).
import { z } from './zod';
import { IsoInstant, KeyStatus, ListKeysQuery } from './schemas';

export const LIST_CURSOR_MAX = 1000;

export const ListSort = z.enum(['createdAt', 'expiresAt', 'name', 'lastUsedAt']);
export type ListSort = z.infer<typeof ListSort>;

export const ListOrder = z.enum(['asc', 'desc']);
export type ListOrder = z.infer<typeof ListOrder>;

/** The order a sort uses when `order` is not given: newest/soonest/alphabetical first. */
export const DEFAULT_ORDER: Readonly<Record<ListSort, ListOrder>> = {
  createdAt: 'desc',
  expiresAt: 'asc',
  name: 'asc',
  lastUsedAt: 'desc',
};

export const ListKeysQueryExtended = z.strictObject({
  limit: ListKeysQuery.shape.limit,
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(LIST_CURSOR_MAX))),
  status: z.optional(KeyStatus),
  /** Only keys with an expiry strictly before this instant (never-expiring keys are excluded). */
  expiresBefore: z.optional(IsoInstant),
  sort: z.optional(ListSort),
  order: z.optional(ListOrder),
});
export type ListKeysQueryExtended = z.infer<typeof ListKeysQueryExtended>;
