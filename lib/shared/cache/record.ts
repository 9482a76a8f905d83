// What the cache may hold of a key: exactly the KeyMeta fields, built field by
// field, so a secret can never be stored even if one is passed by mistake.
import type { KeyMeta } from '../contract/schemas';

export type CacheRecord = Pick<KeyMeta, 'id' | 'name' | 'hint' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'status' | 'createdBy'>;

export function toCacheRecord(key: KeyMeta): CacheRecord {
  return {
    id: key.id,
    name: key.name,
    hint: key.hint,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    status: key.status,
    // Only the creator's id and name, copied field by field like the rest; null when the server doesn't say.
    createdBy: key.createdBy ? { id: key.createdBy.id, name: key.createdBy.name } : null,
  };
}
