// Every request/reply message, one line each. The worker's handler table is
// typed from this list, so the compiler refuses a message without a handler.
// Pages do not import this file: they import the messages they send.
import type { Reply, RequestOf, ResponseOf } from './define';
import { authConfig } from './auth-config';
import { authSignIn } from './auth-sign-in';
import { authSignOut } from './auth-sign-out';
import { authStatus } from './auth-status';
import { auditList } from './audit-list';
import { clipboardScheduleClear } from './clipboard-schedule-clear';
import { connectionConnect } from './connection-connect';
import { connectionDisconnect } from './connection-disconnect';
import { connectionGet } from './connection-get';
import { connectionsList } from './connections-list';
import { connectionsRemove } from './connections-remove';
import { connectionsSave } from './connections-save';
import { connectionsSelect } from './connections-select';
import { identityGet } from './identity-get';
import { keysDelete } from './keys-delete';
import { keysRename } from './keys-rename';
import { keysSync } from './keys-sync';
import { leakForget } from './leak-forget';
import { leakLookup } from './leak-lookup';
import { leakRevoke } from './leak-revoke';
import { noticesTake } from './notices-take';
import { preferencesGet } from './preferences-get';
import { preferencesSave } from './preferences-save';

export const MESSAGES = [
  connectionGet,
  connectionConnect,
  connectionDisconnect,
  connectionsList,
  connectionsSave,
  connectionsRemove,
  connectionsSelect,
  keysSync,
  keysRename,
  keysDelete,
  noticesTake,
  preferencesGet,
  preferencesSave,
  clipboardScheduleClear,
  authConfig,
  authSignIn,
  authSignOut,
  authStatus,
  leakLookup,
  leakRevoke,
  leakForget,
  identityGet,
  auditList,
] as const;

export type Message = (typeof MESSAGES)[number];
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;
/** Any request as it travels to the worker: `{type, ...body}`. */
export type AnyRequest = RequestOf<Message>;
export type ReplyTo<T extends MessageType> = Reply<ResponseOf<MessageOf<T>>>;
