import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/OptionsApp';
import type { OptionsApi } from '../../components/api';
import { send } from '../../lib/page/worker-client';
import '../../components/theme.css';

const api: OptionsApi = {
  send,
  permissions: {
    contains: (origins) => browser.permissions.contains({ origins }),
    // Called straight from the Connect handler, inside the user gesture.
    request: (origins) => browser.permissions.request({ origins }),
  },
  notifications: {
    contains: () => browser.permissions.contains({ permissions: ['notifications'] }),
    // Called straight from the Reminders checkbox handler, inside the user gesture.
    request: () => browser.permissions.request({ permissions: ['notifications'] }),
  },
};

render(<OptionsApp api={api} />, document.getElementById('app')!);
