// Issue 11 items 2 and 5: a name is stored exactly as sent and displays as
// what it is. Lone surrogates, bidi controls, format characters and names with
// nothing visible are refused with a message that says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyName } from '../../../lib/shared/contract/schemas';
import { expectError, listAll, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

async function refused(name: string, why: RegExp): Promise<void> {
  const before = await listAll(server);
  const error = await expectError(await server.req('POST', '/v1/keys', { json: { name, expiresAt: null } }), 400, 'invalid_request');
  expect(error.field).toBe('name');
  expect(error.message).toMatch(why);
  const { key } = await server.createKey('rename target');
  const patch = await expectError(await server.req('PATCH', `/v1/keys/${key.id}`, { json: { name } }), 400, 'invalid_request');
  expect(patch.message).toMatch(why);
  expect((await server.req('DELETE', `/v1/keys/${key.id}`)).status).toBe(204);
  expect(await listAll(server)).toEqual(before);
  expect(KeyName.safeParse(name).success).toBe(false);
}

describe('well-formed Unicode only', () => {
  it.each([
    ['build \ud800', 'lone high surrogate'],
    ['build \udfff', 'lone low surrogate'],
    ['\udc00\ud800', 'reversed pair'],
    ['x'.repeat(99) + '\ud83d', 'truncated emoji at the end'],
  ])('%j (%s) is refused', async (name) => {
    await refused(name, /well-formed Unicode|unpaired surrogate/i);
  });

  it('a real surrogate pair (emoji) is accepted and reads back identical', async () => {
    const { key } = await server.createKey('deploy 🚀 𝔘𝔫𝔦');
    expect(key.name).toBe('deploy 🚀 𝔘𝔫𝔦');
    const read = (await (await server.req('GET', `/v1/keys/${key.id}`)).json()) as { key: { name: string } };
    expect(read.key.name).toBe('deploy 🚀 𝔘𝔫𝔦');
  });
});

describe('names that display as something else', () => {
  it.each([
    ['prod \u202etxt.exe', 'RIGHT-TO-LEFT OVERRIDE'],
    ['a\u202ab', 'LEFT-TO-RIGHT EMBEDDING'],
    ['a\u2066b\u2069', 'LEFT-TO-RIGHT ISOLATE'],
    ['a\u200fb', 'RIGHT-TO-LEFT MARK'],
    ['a\u200eb', 'LEFT-TO-RIGHT MARK'],
    ['a\u061cb', 'ARABIC LETTER MARK'],
  ])('bidi control %j is refused', async (name) => {
    await refused(name, /direction|bidi|format/i);
  });

  it.each([
    ['zero\u200bwidth', 'ZERO WIDTH SPACE'],
    ['soft\u00adhyphen', 'SOFT HYPHEN'],
    ['tag\u{e0041}', 'TAG LATIN CAPITAL LETTER A'],
    ['word\u2060joiner', 'WORD JOINER'],
  ])('format character %j is refused', async (name) => {
    await refused(name, /invisible|format/i);
  });

  it.each([
    ['\u3164', 'Hangul filler'],
    ['\u3164\u3164\u115f', 'Hangul fillers'],
    ['\u2800', 'braille blank'],
    ['\u3000x'.slice(0, 1) + '\u3164', 'ideographic space and filler'],
    ['\u0301', 'a lone combining mark'],
  ])('%j (%s), with nothing visible, is refused', async (name) => {
    await refused(name, /visible/i);
  });

  it('the message names the character and says why', async () => {
    const error = await expectError(
      await server.req('POST', '/v1/keys', { json: { name: 'prod \u202etxt.exe', expiresAt: null } }),
      400,
      'invalid_request',
    );
    expect(error.message).toContain('U+202E');
  });

  it('ordinary scripts, accents, and a Hangul filler next to visible text are fine', async () => {
    for (const name of ['Déploiement prod', 'مفتاح الإنتاج', 'עברית', '한국어 키', 'e\u0301te\u0301', '日本語のキー', 'a\u3164b']) {
      const { key } = await server.createKey(name);
      expect(key.name).toBe(name);
    }
  });
});
