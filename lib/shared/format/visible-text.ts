// Text from a server (key names, error messages) is shown as what it is, not
// as what invisible characters make it look like: a right-to-left override can
// make "prod \u202Etxt.exe" display as "prod exe.txt". Format characters
// (bidi controls, zero-width characters, tag characters: Unicode category Cf)
// and control characters become a visible [U+XXXX] marker instead.
// A zero-width joiner inside an emoji sequence (👩‍💻) is what it looks like, so it stays.
const INVISIBLE = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|(?!\u200D)[\p{Cf}\p{Cc}\u2028\u2029]|\u200D(?!\p{Extended_Pictographic})/gu;

export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (ch) => `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}
