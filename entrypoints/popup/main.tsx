import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import type { PopupApi } from '../../components/api';
import { createKey, openOptionsPage, send } from '../../lib/page/worker-client';
import { readCachedList, readFirstScreen } from '../../lib/page/keys-cache-reader';
import { readConnections } from '../../lib/page/connections-reader';
import { copyAndScheduleClear } from '../../lib/page/clipboard-copy';
import { openLeakPort } from '../../lib/page/leak-port';
import { readLeakStart, readPopupParams } from './params';
import '../../components/theme.css';
performance.mark('popup-script'); // bench: all modules parsed and evaluated (docs/benchmarks.md)

// entrypoints/early-read.ts (a classic script popup.html runs first) started reading the current
// connection's first-screen record while these modules loaded; it carries that connection's id.
const early = (globalThis as { __wbkEarlyFirstScreen?: Promise<{ connectionId: string; record: unknown } | undefined> }).__wbkEarlyFirstScreen;
const connections = readConnections(send);

const api: PopupApi = {
  send,
  readFirstScreen: async (connectionId) => {
    if (connectionId === undefined) return null;
    const got = await early;
    // The early read is used only for the connection it was read for; any other reads its own.
    const first = await readFirstScreen(connectionId, got?.connectionId === connectionId ? Promise.resolve(got.record) : undefined);
    performance.mark('first-screen-read'); // bench: first-screen record read and parsed
    return first;
  },
  createKey,
  readCache: async (connectionId) => {
    if (connectionId === undefined) return null;
    const list = await readCachedList(connectionId);
    performance.mark('cache-read'); // bench: cached list read and parsed
    return list;
  },
  openOptions: () => void openOptionsPage(),
  copy: (text) => copyAndScheduleClear(text, { writeText: (t) => navigator.clipboard.writeText(t), send }),
  openLeakPort,
};

const { filter, highlightIds } = readPopupParams(location.search);

void connections.then((known) => {
  render(
    <PopupApp
      api={api}
      connections={known}
      initialFilter={filter}
      highlightIds={highlightIds}
      leak={readLeakStart(location.hash)}
      // Called at the commit of the first rows; the frame after it is the one that paints them.
      onFirstPaint={() => requestAnimationFrame(() => performance.mark('keys-painted'))}
      onSwitchPainted={() => requestAnimationFrame(() => performance.mark('switch-painted'))}
    />,
    document.getElementById('app')!,
  );
  // Preact's first render is synchronous: the real header is in place, so the static skeleton goes.
  document.getElementById('skeleton')?.remove();
});
