// POST /v1/keys/lookup: which of these secret hashes are keys of ours? The
// extension's leak response sends SHA-256 hashes of keys it found on a page,
// never the keys. Each hash is one indexed lookup (the same unique index
// whoami uses). A hash that matches nothing is an ordinary answer: the caller
// is an authenticated admin, so it is not a failed authentication and never
// counts toward the lockout. Why this is no oracle: docs/api.md.
import { LookupKeysRequest, type LookupKeysResponse } from '../../lib/shared/contract/leak';
import { parseWith, readJson } from '../body';
import type { Deps } from '../context';
import { toKeyMeta } from '../keys';
import type { Route } from './route';

export const lookupKeysRoute = (deps: Deps): Route => ({
  method: 'POST',
  path: '/v1/keys/lookup',
  auth: { role: 'viewer', what: 'look up keys' },
  handler: async (c) => {
    const { hashes } = parseWith(LookupKeysRequest, await readJson(c));
    const now = deps.clock();
    const body: LookupKeysResponse = {
      results: hashes.map((hash) => {
        const row = deps.store.findKeyBySecretHash(hash);
        return { hash, key: row ? toKeyMeta(row, now) : null };
      }),
    };
    return c.json(body);
  },
});
