import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import type { CachedList, PopupApi } from '../../components/api';
import { createKey, openOptionsPage, send } from '../../lib/page/worker-client';
import { openKeysCache, parseFirstScreen, type FirstScreen } from '../../lib/shared/cache/keys-cache';
import { copyAndScheduleClear } from '../../lib/page/clipboard-copy';
import { readPopupParams } from './params';
import '../../components/theme.css';
performance.mark('popup-script'); // bench: all modules parsed and evaluated (docs/benchmarks.md)

// One connection for both reads: the first screen, then (after its frame) the whole list.
let cache: ReturnType<typeof openKeysCache> | undefined;
const openCache = () => (cache ??= openKeysCache());

async function readFirstScreen(): Promise<FirstScreen | null> {
  // entrypoints/early-read.ts (a classic script popup.html runs first) started the IndexedDB read while these modules loaded.
  const early = (globalThis as { __wbkEarlyFirstScreen?: Promise<unknown> }).__wbkEarlyFirstScreen;
  const first = early ? parseFirstScreen(await early) : await (await openCache()).readFirstScreen();
  performance.mark('first-screen-read'); // bench: first-screen record read and parsed
  return first;
}

async function readCache(): Promise<CachedList | null> {
  const opened = await openCache();
  try {
    const { keys, syncedAt, apiUrl } = await opened.readSnapshot();
    performance.mark('cache-read'); // bench: cached list read and parsed
    return { keys, syncedAt, apiUrl };
  } finally {
    opened.close();
    cache = undefined;
  }
}

// Started now, before the first render, so parsing overlaps Preact's first commit.
const firstScreen = readFirstScreen();

const api: PopupApi & { readFirstScreen: typeof readFirstScreen } = {
  send,
  readFirstScreen: () => firstScreen,
  createKey,
  readCache,
  openOptions: () => void openOptionsPage(),
  copy: (text) => copyAndScheduleClear(text, { writeText: (t) => navigator.clipboard.writeText(t), send }),
};

const { filter, highlightIds } = readPopupParams(location.search);

render(
  <PopupApp
    api={api}
    initialFilter={filter}
    highlightIds={highlightIds}
    // Called at the commit of the first rows; the frame after it is the one that paints them.
    onFirstPaint={() => requestAnimationFrame(() => performance.mark('keys-painted'))}
  />,
  document.getElementById('app')!,
);
// Preact's first render is synchronous: the real header is in place, so the static skeleton goes.
document.getElementById('skeleton')?.remove();
