// What a create reply means for the popup, decided in one place: show the
// secret, say the key was already issued (its secret can never be shown), or
// show an error (on the form field it concerns, if any).
import type { KeyMeta } from '../shared/contract/schemas';
import type { ErrorInfo } from '../shared/errors';
import type { CreateResult } from '../shared/messages/keys-create';
import type { CreateInput } from './worker-client';

interface CreatedKey {
  key: KeyMeta;
  secret: string;
  replaced?: KeyMeta;
}

/** The server had already made this submission's key; its secret can't be shown. */
export interface AlreadyIssuedKey {
  key: KeyMeta;
  replaced?: KeyMeta;
  /** What was submitted, to submit again (with a new idempotency key) after deleting the key. */
  input: CreateInput;
}

export type CreateOutcome =
  | { next: 'reveal'; created: CreatedKey; changed: KeyMeta[] }
  | { next: 'already-issued'; issued: AlreadyIssuedKey; changed: KeyMeta[] }
  | {
      next: 'error';
      error: ErrorInfo;
      /** The form field the error is about, if any. */
      field: 'name' | 'expiresAt' | null;
      /** The worker stopped mid-create: the key may or may not exist, so the list must be synced to show the truth. */
      resync: boolean;
      changed: [];
    };

/** `changed`: the keys to put into the list (the new key, and a replaced key with its shortened expiry). */
export function interpretCreate(result: CreateResult, input: CreateInput): CreateOutcome {
  if ('error' in result) {
    const { error } = result;
    const field = error.field === 'name' || error.field === 'expiresAt' ? error.field : null;
    return { next: 'error', error, field, resync: error.code === 'interrupted', changed: [] };
  }
  const { key, secret, replaced } = result.ok;
  const changed = replaced ? [key, replaced] : [key];
  const extra = replaced ? { replaced } : {};
  // A null secret: an earlier attempt of this submission made the key and its answer was lost.
  if (secret === null) return { next: 'already-issued', issued: { key, input, ...extra }, changed };
  return { next: 'reveal', created: { key, secret, ...extra }, changed };
}
