// API key secrets: "wbk_" + 32 base62 characters of crypto randomness
// (~190 bits) + 6 base62 characters of CRC32 checksum, like GitHub's tokens.
// The checksum lets secret scanners and the client reject a mistyped or
// truncated key without a round trip; it adds no security by itself.
const SECRET_PREFIX = 'wbk_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const SECRET_BODY = `[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}`;
const SECRET_SHAPE = new RegExp(`^${SECRET_PREFIX}${SECRET_BODY}$`);
/** A secret anywhere inside other text: what the tests search logs, bodies and profiles for. */
export const SECRET_IN_TEXT = new RegExp(`${SECRET_PREFIX}${SECRET_BODY}`);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** A new secret from the platform's cryptographic RNG (Web Crypto, in Node and browsers). */
export function generateSecret(): string {
  let random = '';
  // Rejection sampling keeps every base62 character uniformly likely.
  while (random.length < RANDOM_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < 248 && random.length < RANDOM_LENGTH) random += BASE62[byte % 62];
    }
  }
  const body = SECRET_PREFIX + random;
  return body + base62(crc32(body), CHECKSUM_LENGTH);
}

/** True when the text has the shape of a key and its checksum matches. */
export function isWellFormedSecret(text: string): boolean {
  if (!SECRET_SHAPE.test(text)) return false;
  const body = text.slice(0, -CHECKSUM_LENGTH);
  return base62(crc32(body), CHECKSUM_LENGTH) === text.slice(-CHECKSUM_LENGTH);
}

/** What a person sees to tell keys apart: prefix and last 4 characters. Never enough to use the key. */
export function secretHint(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}
