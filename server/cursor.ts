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

// The audit log's cursor: base64url(JSON ["audit", at, id]) of the last event
// returned, newest first by (at, id).
export function encodeAuditCursor(position: { at: number; id: number }): string {
  return Buffer.from(JSON.stringify(['audit', position.at, position.id]), 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string): { at: number; id: number } {
  const bad = invalidRequest('cursor', 'cursor: Not a cursor of the audit log from this server.');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad;
  const [kind, at, id] = parsed as unknown[];
  if (kind !== 'audit' || !Number.isSafeInteger(at) || !Number.isSafeInteger(id)) throw bad;
  return { at: at as number, id: id as number };
}
