// Finding Workbase keys in text a person pointed us at (a selection, a paste,
// a page they asked to scan). Pure: the worker runs it on text it holds in
// memory only; the page scan runs the same pattern inside the tab (it can
// import nothing) and hands back the distinct tokens it saw.
import { isWellFormedSecret, secretHint } from '../contract/secret';

/** `wbk_` then its base62 run: every token that might be a key, before any check. Shared with the injected page scan as a string. */
export const CANDIDATE_PATTERN = 'wbk_[0-9A-Za-z]+';
/** A key's base62 part: 32 random + 6 checksum characters (contract/secret.ts). */
const KEY_BODY_LENGTH = 38;
/**
 * A run this long but not 38 is a key cut short or run into other text:
 * worth saying so. Shorter ones (`wbk_example`, `wbk_test`) are decoys and
 * placeholders: counted, never listed.
 */
const NEAR_KEY_MIN_BODY = 24;
const NEAR_KEY_MAX_BODY = 60;
/** At most this many distinct tokens are checked per lookup; the rest are counted and said. */
export const CANDIDATES_CHECKED_MAX = 1_000;

export type CandidateKind =
  /** Shape and CRC32 checksum match: it may be a live key. */
  | 'valid'
  /** Right length, wrong checksum: mistyped or altered. */
  | 'bad_checksum'
  /** Nearly a key's length: truncated or joined to other text. */
  | 'wrong_length';

interface Candidate {
  text: string;
  kind: CandidateKind;
}

export interface CandidateScan {
  /** Every candidate worth reporting, in order of first appearance, each once. */
  candidates: Candidate[];
  /** Distinct `wbk_` tokens seen in all (may exceed what was checked). */
  seen: number;
  /** Distinct tokens checked (at most CANDIDATES_CHECKED_MAX). */
  checked: number;
  /** Checked tokens too short to be a key (placeholders, decoys). */
  ignored: number;
}

/** What a token is, or null when it is not near a key's shape at all. */
export function classifyToken(token: string): CandidateKind | null {
  if (!token.startsWith('wbk_')) return null;
  const body = token.length - 4;
  if (body === KEY_BODY_LENGTH) return isWellFormedSecret(token) ? 'valid' : 'bad_checksum';
  if (body >= NEAR_KEY_MIN_BODY && body <= NEAR_KEY_MAX_BODY) return 'wrong_length';
  return null;
}

/** Distinct candidate tokens in order of first appearance: at most `max` kept, all counted. */
export function findTokens(text: string, max: number = CANDIDATES_CHECKED_MAX): { tokens: string[]; seen: number } {
  const distinct = new Set<string>();
  const tokens: string[] = [];
  for (const match of text.matchAll(new RegExp(CANDIDATE_PATTERN, 'g'))) {
    const token = match[0];
    if (distinct.has(token)) continue;
    distinct.add(token);
    if (tokens.length < max) tokens.push(token);
  }
  return { tokens, seen: distinct.size };
}

/**
 * Classifies distinct tokens. `seen` is how many distinct tokens the finder
 * saw (the page scan counts beyond what it sends); at most `max` are checked.
 */
export function classifyTokens(tokens: readonly string[], seen: number = tokens.length, max: number = CANDIDATES_CHECKED_MAX): CandidateScan {
  const candidates: Candidate[] = [];
  const done = new Set<string>();
  let ignored = 0;
  for (const token of tokens) {
    if (done.size >= max) break;
    if (done.has(token)) continue;
    done.add(token);
    const kind = classifyToken(token);
    if (kind === null) ignored++;
    else candidates.push({ text: token, kind });
  }
  return { candidates, seen: Math.max(seen, done.size), checked: done.size, ignored };
}

/** findTokens + classifyTokens: the whole local check of a text. */
export function scanText(text: string, max: number = CANDIDATES_CHECKED_MAX): CandidateScan {
  const { tokens, seen } = findTokens(text, max);
  return classifyTokens(tokens, seen, max);
}

/** How a candidate is named on screen: prefix and last 4 characters, never the whole text. */
export const candidateHint = (text: string): string => secretHint(text);
