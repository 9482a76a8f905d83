// GET /v1/keys: one page of keys, keyset-paginated so deep pages cost the same
// as the first and concurrent inserts never cause duplicates or gaps.
import { DEFAULT_ORDER, ListKeysQueryExtended } from '../../lib/shared/contract/list-query';
import { LIST_LIMIT_DEFAULT, instantMs, type ListKeysResponse } from '../../lib/shared/contract/schemas';
import { parseWith } from '../body';
import type { Deps } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { toKeyMeta } from '../keys';
import { queryObject } from './params';
import type { Route } from './route';

export const listKeysRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/keys',
  auth: { role: 'viewer', what: 'list keys' },
  query: Object.keys(ListKeysQueryExtended.shape),
  handler: async (c) => {
    const query = parseWith(ListKeysQueryExtended, queryObject(c));
    const sort = query.sort ?? 'createdAt';
    const order = query.order ?? DEFAULT_ORDER[sort];
    const limit = query.limit ?? LIST_LIMIT_DEFAULT;
    const now = deps.clock();
    // One extra row tells whether another page exists without a count query.
    const rows = await deps.store.listKeys({
      sort,
      order,
      after: query.cursor === undefined ? null : decodeCursor(query.cursor, sort, order),
      status: query.status,
      expiresBefore: query.expiresBefore === undefined ? undefined : instantMs(query.expiresBefore),
      now,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const body: ListKeysResponse = {
      keys: page.map((row) => toKeyMeta(row, now)),
      nextCursor: rows.length > limit && last ? encodeCursor(sort, order, { value: last.sort_value, id: last.id }) : null,
    };
    return c.json(body);
  },
});
