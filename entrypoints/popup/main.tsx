import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import type { PopupApi } from '../../components/api';
import { createKey, openOptionsPage, send } from '../../lib/page/worker-client';
import { readCachedList, readFirstScreen } from '../../lib/page/keys-cache-reader';
import { copyAndScheduleClear } from '../../lib/page/clipboard-copy';
import { openLeakPort } from '../../lib/page/leak-port';
import { readLeakStart, readPopupParams } from './params';
import '../../components/theme.css';
performance.mark('popup-script'); // bench: all modules parsed and evaluated (docs/benchmarks.md)

// Started now, before the first render, so parsing overlaps Preact's first commit. entrypoints/early-read.ts
// (a classic script popup.html runs first) started the IndexedDB read while these modules loaded.
const firstScreen = readFirstScreen((globalThis as { __wbkEarlyFirstScreen?: Promise<unknown> }).__wbkEarlyFirstScreen).then((first) => {
  performance.mark('first-screen-read'); // bench: first-screen record read and parsed
  return first;
});

const api: PopupApi = {
  send,
  readFirstScreen: () => firstScreen,
  createKey,
  readCache: async () => {
    const list = await readCachedList();
    performance.mark('cache-read'); // bench: cached list read and parsed
    return list;
  },
  openOptions: () => void openOptionsPage(),
  copy: (text) => copyAndScheduleClear(text, { writeText: (t) => navigator.clipboard.writeText(t), send }),
  openLeakPort,
};

const { filter, highlightIds } = readPopupParams(location.search);

render(
  <PopupApp
    api={api}
    initialFilter={filter}
    highlightIds={highlightIds}
    leak={readLeakStart(location.hash)}
    // Called at the commit of the first rows; the frame after it is the one that paints them.
    onFirstPaint={() => requestAnimationFrame(() => performance.mark('keys-painted'))}
  />,
  document.getElementById('app')!,
);
// Preact's first render is synchronous: the real header is in place, so the static skeleton goes.
document.getElementById('skeleton')?.remove();
