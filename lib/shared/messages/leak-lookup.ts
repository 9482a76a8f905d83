// Leak response: find Workbase keys in some text and say whose they are. The
// text goes to the worker (or stays in the tab, for a page scan) and never
// comes back: the answer names each key by its hint and an opaque ref.
import { z } from '../contract/zod';
import { KeyMeta } from '../contract/schemas';
import { ConnectionId } from '../settings/connection-id';
import { defineMessage } from './define';

/** The paste field's limit, checked by the popup first so the admin reads why. */
export const LEAK_TEXT_MAX = 1_000_000;

/** Where the text comes from: pasted in the panel, a context-menu selection the worker holds, or a scan of a tab. */
const LeakSource = z.enum(['text', 'selection', 'page']);

const LeakOutcome = z.enum([
  'found', // a key of this organization: `key` is its metadata
  'not_found', // valid checksum, but not a key of this organization, or already deleted
  'bad_checksum', // a key's shape with the wrong checksum: mistyped or altered
  'wrong_length', // nearly a key: truncated or run into other text
]);

export const LeakFinding = z.object({
  /** Opaque, for leak.revoke; means nothing outside this panel's session. */
  ref: z.string(),
  /** Prefix and last 4 characters: enough to tell keys apart, never to use one. */
  hint: z.string(),
  outcome: LeakOutcome,
  key: z.nullable(KeyMeta),
});
export type LeakFinding = z.infer<typeof LeakFinding>;

export const LeakResult = z.object({
  session: z.string(),
  /** The page's origin (scan or selection), recorded with a revoke; null for a paste. */
  origin: z.nullable(z.string()),
  /** Distinct wbk_ tokens seen, and how many of them were checked (capped). */
  seen: z.number(),
  checked: z.number(),
  /** Checked tokens too short to be keys (placeholders, decoys). */
  ignored: z.number(),
  findings: z.array(LeakFinding),
});
export type LeakResult = z.infer<typeof LeakResult>;

export const leakLookup = defineMessage('leak.lookup', {
  body: {
    /** The connection whose keys to look in (absent: the current one); the popup names the one it shows. */
    connectionId: z.optional(ConnectionId),
    source: LeakSource,
    /** source text: what was pasted. */
    text: z.optional(z.string().check(z.maxLength(LEAK_TEXT_MAX, `text: at most ${LEAK_TEXT_MAX} characters.`))),
    /** source selection: the id the context menu put in the panel's URL. */
    selection: z.optional(z.string().check(z.maxLength(100))),
    /** source page: the tab to scan; absent = the active tab of the last focused window. */
    tabId: z.optional(z.int()),
  },
  response: LeakResult,
});
