import { describe, expect, it } from 'vitest';
import { visibleText } from '../../../../lib/shared/format/visible-text';

describe('visibleText', () => {
  it('shows a right-to-left override instead of letting it reorder the name', () => {
    expect(visibleText('prod \u202etxt.exe')).toBe('prod [U+202E]txt.exe');
  });
  it('marks zero-width, tag and control characters', () => {
    expect(visibleText('a\u200bb\u{E0041}c\u0007')).toBe('a[U+200B]b[U+E0041]c[U+0007]');
  });
  it('marks a zero-width joiner outside an emoji sequence', () => {
    expect(visibleText('pro\u200dd')).toBe('pro[U+200D]d');
  });
  it('leaves ordinary text, emoji (joined ones too) and other scripts alone', () => {
    for (const text of ['Deploy bot', 'ключ сборки', '构建密钥', 'مفتاح', '🔑 prod', '👩\u200d💻 ci', '❤\ufe0f\u200d🔥', 'e\u0301'])
      expect(visibleText(text)).toBe(text);
  });
});
