// POST /v1/auth/sign-in (any role): the extension calls it once after a
// sign-in, so the audit log says who started working and how (sso/token),
// and learns who the server says they are. Checking the credential is
// requireAdmin's; this only records and answers.
import type { AdminIdentity } from '../../lib/shared/contract/auth';
import { auditEvent } from '../audit';
import type { Deps } from '../context';
import type { Route } from './route';

export const signInRoute = (deps: Deps): Route => ({
  method: 'POST',
  path: '/v1/auth/sign-in',
  auth: { role: 'viewer', what: 'sign in' },
  handler: (c) => {
    const admin = c.get('admin');
    const method = c.get('authMethod');
    const now = deps.clock();
    deps.store.atomically(() => deps.store.recordAudit(auditEvent(c, now, 'auth.sign_in', null, { method })));
    const body: AdminIdentity = { id: admin.id, name: admin.name, email: admin.email, role: admin.role, method };
    return c.json(body);
  },
});
