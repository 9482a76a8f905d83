// One handler per message, registered here. Typed from the message list in
// lib/shared/messages: a message without a handler does not compile.
import type { MessageType } from '../../shared/messages';
import type { Handler } from './define';
import { authConfig } from './auth-config';
import { authSignIn } from './auth-sign-in';
import { authSignOut } from './auth-sign-out';
import { authStatus } from './auth-status';
import { listAudit } from './audit-list';
import { scheduleClipboardClear } from './clipboard-schedule-clear';
import { connect } from './connection-connect';
import { disconnect } from './connection-disconnect';
import { connectionGet } from './connection-get';
import { connectionsList } from './connections-list';
import { connectionsRemove } from './connections-remove';
import { connectionsSave } from './connections-save';
import { connectionsSelect } from './connections-select';
import { identityGet } from './identity-get';
import { deleteKey } from './keys-delete';
import { rename } from './keys-rename';
import { sync } from './keys-sync';
import { leakForget } from './leak-forget';
import { leakLookup } from './leak-lookup';
import { leakRevoke } from './leak-revoke';
import { takeNotices } from './notices-take';
import { preferencesGet } from './preferences-get';
import { preferencesSave } from './preferences-save';

export const HANDLERS: { [T in MessageType]: Handler<T> } = {
  'connection.get': connectionGet,
  'connection.connect': connect,
  'connection.disconnect': disconnect,
  'connections.list': connectionsList,
  'connections.save': connectionsSave,
  'connections.remove': connectionsRemove,
  'connections.select': connectionsSelect,
  'keys.sync': sync,
  'keys.rename': rename,
  'keys.delete': deleteKey,
  'notices.take': takeNotices,
  'preferences.get': preferencesGet,
  'preferences.save': preferencesSave,
  'clipboard.scheduleClear': scheduleClipboardClear,
  'auth.config': authConfig,
  'auth.signIn': authSignIn,
  'auth.signOut': authSignOut,
  'auth.status': authStatus,
  'leak.lookup': leakLookup,
  'leak.revoke': leakRevoke,
  'leak.forget': leakForget,
  'identity.get': identityGet,
  'audit.list': listAudit,
};
