// leak.lookup: find keys in a paste, a context-menu selection or a scanned
// tab; check format and checksum here; send only SHA-256 hashes to the key
// API. The texts of recognized keys stay in worker memory (leak/memory.ts)
// for revoke and proof; every other text is dropped when this returns.
import { sha256Hex } from '../../shared/clipboard/hash';
import { LOOKUP_HASHES_MAX } from '../../shared/contract/leak';
import type { KeyMeta } from '../../shared/contract/schemas';
import { ApiFailure } from '../../shared/errors';
import { candidateHint, classifyTokens, findTokens, type CandidateScan } from '../../shared/leak/candidates';
import type { LeakFinding } from '../../shared/messages/leak-lookup';
import { leakMemory } from '../leak/memory';
import { scanTab } from '../leak/page-scan';
import type { Handler } from './define';

const SELECTION_GONE =
  'The selected text is no longer held (it is kept for 2 minutes, and only for the window the menu opened). Select the key again and use “Look up Workbase key”.';

export const leakLookup: Handler<'leak.lookup'> = async (ctx, request) => {
  let scan: CandidateScan;
  let origin: string | null = null;
  if (request.source === 'text') {
    const { tokens, seen } = findTokens(request.text ?? '');
    scan = classifyTokens(tokens, seen);
  } else if (request.source === 'selection') {
    const held = request.selection === undefined ? undefined : leakMemory.takeSelection(request.selection);
    if (!held) throw new ApiFailure('not_found', SELECTION_GONE);
    const { tokens, seen } = findTokens(held.text);
    scan = classifyTokens(tokens, seen);
    origin = held.origin;
  } else {
    const page = await scanTab(request.tabId);
    scan = classifyTokens(page.tokens, page.seen);
    origin = page.origin;
  }

  const valid = scan.candidates.filter((c) => c.kind === 'valid');
  const keys = new Map<string, KeyMeta | null>();
  const hashes = new Map<string, string>();
  if (valid.length > 0) {
    const { client } = await ctx.connected(request.connectionId);
    const digests = await Promise.all(valid.map((c) => sha256Hex(c.text)));
    valid.forEach((c, i) => hashes.set(c.text, digests[i]!));
    const batches: string[][] = [];
    for (let i = 0; i < digests.length; i += LOOKUP_HASHES_MAX) batches.push(digests.slice(i, i + LOOKUP_HASHES_MAX));
    // At most 10 batches (1,000 checked): sent together, the server answers each in milliseconds.
    for (const answer of await Promise.all(batches.map((b) => client.lookupKeys(b)))) {
      for (const result of answer) keys.set(result.hash, result.key);
    }
  }

  const held = new Map<string, string>();
  const findings: LeakFinding[] = scan.candidates.map((c, i) => {
    const ref = `c${i}`;
    const hint = candidateHint(c.text);
    if (c.kind !== 'valid') return { ref, hint, outcome: c.kind, key: null };
    const key = keys.get(hashes.get(c.text) ?? '') ?? null;
    if (key) held.set(ref, c.text);
    return { ref, hint, outcome: key ? 'found' : 'not_found', key };
  });
  // The panel closed while we looked (or none is open): keep nothing.
  const session = leakMemory.panelOpen && held.size > 0 ? leakMemory.openSession(held, origin) : '';
  if (!session) held.clear();
  return { session, origin, seen: scan.seen, checked: scan.checked, ignored: scan.ignored, findings };
};
