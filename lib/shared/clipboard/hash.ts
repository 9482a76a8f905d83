// SHA-256 of a text, hex. The worker only ever learns the hash of what was
// copied, so the secret itself never leaves the popup.
import { z } from '../contract/zod';

/** The shape of sha256Hex's output, defined once: every message or store that carries a hash parses with it. */
export const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 hex digest.'));

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
