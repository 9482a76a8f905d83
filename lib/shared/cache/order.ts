// Newest-first order for cached keys. Instants may carry any offset, so they
// are compared as numbers, parsed once per key (not twice per comparison:
// that was 69–169 ms of a 10,000-key popup load, docs/benchmarks.md).
import type { KeyMeta } from '../contract/schemas';

/** Newest first, ties by id so the order is stable; a new array, parsing each createdAt once. */
export function sortNewestFirst<K extends KeyMeta>(keys: readonly K[]): K[] {
  const decorated = keys.map((key) => ({ key, at: Date.parse(key.createdAt) }));
  decorated.sort((a, b) => b.at - a.at || (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0));
  return decorated.map((d) => d.key);
}
