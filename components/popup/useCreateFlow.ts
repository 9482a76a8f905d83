// Generating a key: the form, then the secret shown once, or (when the server
// had already made this submission's key) the already-issued choice. What a
// create reply means is decided by lib/page/create-outcome.ts alone.
import { useState } from 'preact/hooks';
import type { KeyMeta } from '../../lib/shared/contract/schemas';
import { interpretCreate, type AlreadyIssuedKey, type CreateOutcome } from '../../lib/page/create-outcome';
import { upsertKeys } from '../../lib/page/key-list-state';
import type { PopupApi } from '../api';
import type { KeyListFlow } from './useKeyList';
import { deleteKey } from './useDeleteFlow';

/** At most one step is on screen: the form, the secret, or the already-issued choice. */
type CreateStep =
  | { kind: 'form'; replacing?: KeyMeta; graceSeconds?: number }
  | { kind: 'reveal'; key: KeyMeta; secret: string }
  | { kind: 'already-issued'; issued: AlreadyIssuedKey }
  | null;

export interface CreateFlow {
  step: CreateStep;
  /** graceSeconds: the old key's grace to start with (a leaked key: 0). */
  open: (replacing?: KeyMeta, graceSeconds?: number) => void;
  /** For GenerateForm: every outcome it interpreted, applied to the list and the step. */
  onOutcome: (outcome: CreateOutcome) => void;
  /** "Delete it and generate a new one": same form values, a new idempotency key (a new submission). */
  deleteAndRetry: () => Promise<string | null>;
  /** The form was cancelled, the secret dismissed, or the already-issued key kept: focus goes back to Generate. */
  close: () => void;
}

export function useCreateFlow(
  api: PopupApi,
  list: Pick<KeyListFlow, 'edit' | 'forget'>,
  hooks: { resync: () => void; focusGenerate: () => void },
): CreateFlow {
  const [step, setStep] = useState<CreateStep>(null);

  const apply = (outcome: CreateOutcome) => {
    if (outcome.changed.length) list.edit((keys) => upsertKeys(keys, outcome.changed));
    if (outcome.next === 'reveal') setStep({ kind: 'reveal', key: outcome.created.key, secret: outcome.created.secret });
    else if (outcome.next === 'already-issued') setStep({ kind: 'already-issued', issued: outcome.issued });
    else if (outcome.resync) hooks.resync();
  };

  return {
    step,
    open: (replacing, graceSeconds) => setStep(replacing ? { kind: 'form', replacing, graceSeconds } : { kind: 'form' }),
    onOutcome: apply,
    async deleteAndRetry() {
      if (step?.kind !== 'already-issued') return null;
      const { key, input } = step.issued;
      const problem = await deleteKey(api, list, key.id);
      if (problem) return problem;
      const retry = { ...input, idempotencyKey: crypto.randomUUID() };
      const outcome = interpretCreate(await api.createKey(retry), retry);
      apply(outcome);
      if (outcome.next === 'error') return `The old key was deleted, but generating a new one failed: ${outcome.error.message}`;
      return null;
    },
    close() {
      setStep(null);
      hooks.focusGenerate();
    },
  };
}
