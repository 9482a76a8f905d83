// One audit event in words: who did what to which key. Names come from the
// server and are shown through visibleText, like key names in the list.
import type { AuditEvent } from '../../lib/shared/messages/audit-list';
import { visibleText } from '../../lib/shared/format/visible-text';

export interface EventWords {
  who: string;
  /** What they did, e.g. "renamed"; the object follows in `target`. */
  what: string;
  /** The key (or admin) acted on; absent when there is none. */
  target?: string;
  /** More about the change, e.g. `to "CI deploy (new)"`. */
  detail?: string;
}

function detailText(event: AuditEvent, field: string): string | undefined {
  const value = event.details?.[field];
  return value === undefined || value === null ? undefined : visibleText(String(value));
}

export function describeEvent(event: AuditEvent): EventWords {
  const who = event.actor ? visibleText(event.actor.name || event.actor.email || 'Someone') : 'Someone unknown';
  const key = event.key ? visibleText(event.key.name) : undefined;
  switch (event.action) {
    case 'key.created':
      return { who, what: 'generated', target: key };
    case 'key.renamed': {
      const oldName = detailText(event, 'oldName');
      const newName = detailText(event, 'newName') ?? key;
      return { who, what: 'renamed', target: oldName ?? key, detail: newName === undefined ? undefined : `to “${newName}”` };
    }
    case 'key.replaced': {
      const newName = detailText(event, 'newName');
      return { who, what: 'replaced', target: key, detail: newName === undefined ? undefined : `with “${newName}”` };
    }
    case 'key.deleted':
      return { who, what: 'deleted', target: key };
    case 'admin.token_created': {
      const role = detailText(event, 'role');
      return { who, what: 'added admin', target: detailText(event, 'name'), detail: role === undefined ? undefined : `as ${role}` };
    }
    case 'admin.token_revoked':
      return { who, what: 'revoked admin', target: detailText(event, 'name') };
    case 'admin.sso_added': {
      const role = detailText(event, 'role');
      return {
        who,
        what: 'added SSO admin',
        target: detailText(event, 'name') ?? detailText(event, 'email'),
        detail: role === undefined ? undefined : `as ${role}`,
      };
    }
    case 'auth.sign_in':
      return { who, what: 'signed in' };
    case 'auth.failed':
      return { who, what: 'failed to authenticate' };
    default:
      // An action this version doesn't know yet (the log grows new ones): say it as the server names it.
      return { who, what: visibleText(String(event.action)), target: key };
  }
}
