// Notices the worker left for the popup (a key deleted because nobody saw its
// secret, or one that could not be deleted), shown until dismissed.
import { useCallback, useState } from 'preact/hooks';
import { noticesTake, type Notice } from '../../lib/shared/messages/notices-take';
import type { PopupApi } from '../api';

export function useNotices(api: PopupApi): { notices: Notice[]; take: () => Promise<void>; dismiss: (id: string) => void } {
  const [notices, setNotices] = useState<Notice[]>([]);
  const take = useCallback(async () => {
    const reply = await api.send(noticesTake);
    if ('ok' in reply && reply.ok.length) {
      setNotices((old) => [...old, ...reply.ok.filter((n) => !old.some((o) => o.id === n.id))]);
    }
  }, [api]);
  const dismiss = useCallback((id: string) => setNotices((old) => old.filter((o) => o.id !== id)), []);
  return { notices, take, dismiss };
}
