import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../../../lib/shared/contract/secret';
import { DeleteKeyQuery, pageOrigin } from '../../../../lib/shared/contract/leak';
import { CANDIDATES_CHECKED_MAX, classifyToken, classifyTokens, findTokens, scanText } from '../../../../lib/shared/leak/candidates';

/** The same key with one checksum character changed. */
function breakChecksum(secret: string): string {
  const last = secret.at(-1) === 'A' ? 'B' : 'A';
  return secret.slice(0, -1) + last;
}

describe('classifyToken', () => {
  it('tells a valid key, a broken checksum, a truncated key and a decoy apart', () => {
    const key = generateSecret();
    expect(classifyToken(key)).toBe('valid');
    expect(classifyToken(breakChecksum(key))).toBe('bad_checksum');
    expect(classifyToken(key.slice(0, -3))).toBe('wrong_length');
    expect(classifyToken(`${key}XYZ`)).toBe('wrong_length');
    expect(classifyToken('wbk_example')).toBeNull();
    expect(classifyToken('wbk_')).toBeNull();
    expect(classifyToken('nope')).toBeNull();
  });
});

describe('scanText', () => {
  it('finds keys inside other text, each once, in order', () => {
    const a = generateSecret();
    const b = generateSecret();
    const bad = breakChecksum(generateSecret());
    const text = `token=${a}; see also "${b}" and ${a} again, ${bad}, wbk_your_key_here.`;
    const scan = scanText(text);
    expect(scan.candidates).toEqual([
      { text: a, kind: 'valid' },
      { text: b, kind: 'valid' },
      { text: bad, kind: 'bad_checksum' },
    ]);
    expect(scan).toMatchObject({ seen: 4, checked: 4, ignored: 1 });
  });

  it('text with no key finds nothing', () => {
    expect(scanText('nothing to see here, not even wbk')).toEqual({ candidates: [], seen: 0, checked: 0, ignored: 0 });
  });

  it(`checks at most ${CANDIDATES_CHECKED_MAX} distinct tokens and says how many it saw`, () => {
    const keys = Array.from({ length: 10_000 }, () => generateSecret());
    const scan = scanText(keys.join('\n'));
    expect(scan.seen).toBe(10_000);
    expect(scan.checked).toBe(CANDIDATES_CHECKED_MAX);
    expect(scan.candidates).toHaveLength(CANDIDATES_CHECKED_MAX);
    expect(scan.candidates[0]).toEqual({ text: keys[0], kind: 'valid' });
  });

  it('classifyTokens keeps the count a page scan saw beyond what it sent', () => {
    const { tokens } = findTokens(`${generateSecret()} wbk_x`);
    expect(classifyTokens(tokens, 5000)).toMatchObject({ seen: 5000, checked: 2, ignored: 1 });
  });
});

describe('the origin a leak is recorded with', () => {
  it('pageOrigin keeps only scheme, host and port of http(s) pages', () => {
    expect(pageOrigin('https://chat.example.com/room/42?msg=wbk_abc#x')).toBe('https://chat.example.com');
    expect(pageOrigin('http://127.0.0.1:8080/page')).toBe('http://127.0.0.1:8080');
    expect(pageOrigin('chrome://extensions/')).toBeNull();
    expect(pageOrigin('file:///etc/passwd')).toBeNull();
    expect(pageOrigin('not a url')).toBeNull();
    expect(pageOrigin(undefined)).toBeNull();
  });

  it('DeleteKeyQuery accepts an origin and refuses a path, credentials, other reasons, foundOn alone', () => {
    expect(DeleteKeyQuery.safeParse({ reason: 'leaked', foundOn: 'https://chat.example.com' }).success).toBe(true);
    expect(DeleteKeyQuery.safeParse({ reason: 'leaked' }).success).toBe(true);
    expect(DeleteKeyQuery.safeParse({}).success).toBe(true);
    for (const foundOn of ['https://chat.example.com/', 'https://chat.example.com/room/1', 'https://u:p@chat.example.com', 'chrome://newtab', 'x']) {
      expect(DeleteKeyQuery.safeParse({ reason: 'leaked', foundOn }).success, foundOn).toBe(false);
    }
    expect(DeleteKeyQuery.safeParse({ reason: 'rotated' }).success).toBe(false);
    expect(DeleteKeyQuery.safeParse({ foundOn: 'https://chat.example.com' }).success).toBe(false);
  });
});
