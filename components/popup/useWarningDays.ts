// The admin's warning window for "expiring soon", asked of the worker once.
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_PREFERENCES } from '../../lib/shared/settings/preferences';
import { preferencesGet } from '../../lib/shared/messages/preferences-get';
import type { PopupApi } from '../api';

export function useWarningDays(api: PopupApi): number {
  const [warningDays, setWarningDays] = useState(DEFAULT_PREFERENCES.warningDays);
  useEffect(() => {
    // Until the admin saves preferences (or if the worker can't read them) the default window applies; not an error worth showing here.
    void api.send(preferencesGet).then((reply) => {
      if ('ok' in reply) setWarningDays(reply.ok.warningDays);
    });
  }, [api]);
  return warningDays;
}
