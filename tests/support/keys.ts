// The one key-metadata factory for tests: key(n) is the n-th key, created n seconds after 2030-01-01; pass what a test cares about in `over`.
import type { KeyMeta } from '../../lib/shared/contract/schemas';

export function key(n: number, over: Partial<KeyMeta> = {}): KeyMeta {
  return {
    id: `key_${String(n).padStart(20, '0')}`,
    name: `Key ${n}`,
    hint: 'wbk_…abcd',
    createdAt: new Date(Date.UTC(2030, 0, 1) + n * 1000).toISOString(),
    expiresAt: null,
    lastUsedAt: null,
    status: 'active',
    ...over,
  };
}
