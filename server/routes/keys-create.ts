// POST /v1/keys: the only response that ever carries a secret. The server
// keeps just its hash and hint, so a lost secret means a new key.
import { CreateKeyRequest, type CreateKeyResponse } from '../../lib/api/schemas';
import { generateSecret, secretHint } from '../../lib/api/secret';
import { requireAdmin } from '../auth';
import { parseWith, readJson } from '../body';
import type { App, Deps } from '../context';
import { invalidRequest } from '../errors';
import { newKeyId, sha256Hex, toKeyMeta } from '../keys';

export function registerCreateKey(app: App, deps: Deps): void {
  app.post('/v1/keys', requireAdmin(deps), async (c) => {
    const body = parseWith(CreateKeyRequest, await readJson(c));
    const now = deps.clock();
    let expiresAt: number | null = null;
    if (body.expiresAt !== null) {
      expiresAt = Date.parse(body.expiresAt);
      if (!Number.isFinite(expiresAt)) throw invalidRequest('expiresAt', 'expiresAt: Not a valid instant.');
      // Judged by the server's clock: a key born expired would be useless.
      if (expiresAt <= now) throw invalidRequest('expiresAt', 'expiresAt: Must be in the future.');
    }
    const secret = generateSecret();
    const key = {
      id: newKeyId(),
      name: body.name,
      hint: secretHint(secret),
      secretHash: sha256Hex(secret),
      createdAt: now,
      expiresAt,
    };
    deps.store.insertKey(key);
    const response: CreateKeyResponse = {
      key: toKeyMeta({ ...key, created_at: now, expires_at: expiresAt, last_used_at: null }, now),
      secret,
    };
    return c.json(response, 201, { 'cache-control': 'no-store', location: `/v1/keys/${key.id}` });
  });
}
