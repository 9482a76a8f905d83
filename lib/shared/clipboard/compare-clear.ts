// The one decision that matters: empty the clipboard only if it still holds
// exactly what we copied. Anything the admin copied since is left alone.
// The text read here is compared by hash and dropped: never logged or kept.
import { sha256Hex } from './hash';

export type ClearOutcome = 'cleared' | 'changed' | 'empty';

export interface ClipboardIo {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export async function clearIfMatches(io: ClipboardIo, expectedSha256: string): Promise<ClearOutcome> {
  const text = await io.read();
  if (text === '') return 'empty';
  if ((await sha256Hex(text)) !== expectedSha256) return 'changed';
  await io.write('');
  return 'cleared';
}
