// GET /v1/keys query parameters: page size, cursor, sorting and filtering.
// Every field is optional, so a bare GET /v1/keys keeps working; a cursor
// carries the sort value (a name can be up to 100 characters), hence its size.
import { z } from './zod';
import { IsoInstant, KeyStatus, LIST_LIMIT_MAX } from './schemas';

const LIST_CURSOR_MAX = 1000;

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

/** ?limit=N: digits only (query values are text), 1 to LIST_LIMIT_MAX. */
const ListLimit = z.pipe(
  z.string().check(z.regex(/^\d{1,4}$/, 'limit must be a whole number.')),
  z.pipe(
    z.transform((s: string) => Number(s)),
    z.number().check(z.gte(1, 'limit must be at least 1.'), z.lte(LIST_LIMIT_MAX, `limit must be at most ${LIST_LIMIT_MAX}.`)),
  ),
);

export const ListKeysQueryExtended = z.strictObject({
  limit: z.optional(ListLimit),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(LIST_CURSOR_MAX))),
  status: z.optional(KeyStatus),
  /** Only keys with an expiry strictly before this instant (never-expiring keys are excluded). */
  expiresBefore: z.optional(IsoInstant),
  sort: z.optional(ListSort),
  order: z.optional(ListOrder),
});
export type ListKeysQueryExtended = z.infer<typeof ListKeysQueryExtended>;
