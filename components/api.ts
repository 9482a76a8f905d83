// What the UI needs from the outside world, injected so components never touch
// browser.* directly and can be tested with plain fakes. Plain functions, not
// methods: components pass them around on their own.
import type { CreateInput, Send } from '../lib/page/worker-client';
import type { CreateResult } from '../lib/shared/messages/keys-create';
import type { SettingsApi } from './SettingsForm';
import type { ClipboardPlan } from '../lib/page/clipboard-copy';

import type { CachedList } from '../lib/page/keys-cache-reader';
import type { FirstScreen } from '../lib/shared/cache/first-screen';

export type { CachedList };

export interface PopupApi {
  /** Request/reply to the background worker; never throws. */
  send: Send;
  /** Create over the create Port; the only place a secret arrives. Never throws. */
  createKey: (input: CreateInput) => Promise<CreateResult>;
  /** A few rows plus the count summary, painted before the whole cached list is read; optional (tests). */
  readFirstScreen?: (connectionId?: string) => Promise<FirstScreen | null>;
  /** The last known list of a connection (absent: the single one) from IndexedDB, painted before the worker answers; null if unavailable. */
  readCache: (connectionId?: string) => Promise<CachedList | null>;
  openOptions: () => void;
  /** Writes text to the clipboard and schedules its clearing; rejects if it could not copy. void: no clearing info (tests). */
  copy: (text: string) => Promise<ClipboardPlan | void>;
  /** The clock; defaults to () => new Date(). */
  now?: () => Date;
  /** Opens the leak panel's Port (the worker holds leaked texts only while one is open); returns its close. Absent in tests. */
  openLeakPort?: () => () => void;
}

export interface OptionsApi {
  send: Send;
  permissions: {
    contains(origins: string[]): Promise<boolean>;
    /** Must be called directly from the click handler (user gesture). */
    request(origins: string[]): Promise<boolean>;
  };
  /** The optional "notifications" permission, for expiry reminders (see SettingsForm). */
  notifications?: SettingsApi['notifications'];
}
