import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import type { CachedList, PopupApi } from '../../components/api';
import { createKey, openOptionsPage, send } from '../../lib/messages/client';
import { openKeysCache } from '../../lib/cache/keys-cache';
import { copyAndScheduleClear } from '../../lib/clipboard/copy';
import { readPopupParams } from './params';
import '../../components/theme.css';
performance.mark('popup-script'); // bench: all modules parsed and evaluated (docs/benchmarks.md)

async function readCache(): Promise<CachedList | null> {
  const cache = await openKeysCache();
  try {
    const { keys, syncedAt, apiUrl } = await cache.readSnapshot();
    performance.mark('cache-read'); // bench: cached list read and parsed
    return { keys, syncedAt, apiUrl };
  } finally {
    cache.close();
  }
}

const api: PopupApi = {
  send,
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
    onFirstPaint={() => requestAnimationFrame(() => performance.mark('keys-painted'))}
  />,
  document.getElementById('app')!,
);
