// Opaque keyset cursors: base64url(JSON [sort, order, value, id]). They
// carry the sort so a cursor from one ordering is refused by another instead
// of silently skipping rows; clients must treat them as opaque.
import type { ListOrder, ListSort } from '../lib/shared/contract/list-query';
import { invalidRequest } from './errors';
import type { ListPosition } from './store';

export function encodeCursor(sort: ListSort, order: ListOrder, position: ListPosition): string {
  return Buffer.from(JSON.stringify([sort, order, position.value, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, sort: ListSort, order: ListOrder): ListPosition {
  const bad = (why: string) => invalidRequest('cursor', `cursor: ${why}`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad('Not a cursor from this server.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('Not a cursor from this server.');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad('Not a cursor from this server.');
  const [s, o, value, id] = parsed as unknown[];
  if (s !== sort || o !== order) throw bad('The cursor belongs to a different sort or order; start again without it.');
  // A lone surrogate cannot be bound as UTF-8 faithfully; no cursor of ours carries one.
  const valueOk = sort === 'name' ? typeof value === 'string' && !/[\ud800-\udfff]/u.test(value) : Number.isSafeInteger(value);
  if (!valueOk || typeof id !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) {
    throw bad('Not a cursor from this server.');
  }
  return { value, id };
}
