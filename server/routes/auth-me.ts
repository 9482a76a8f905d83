// GET /v1/auth/me: who the credential belongs to and their role, read fresh on
// every request (so the extension learns of a role change on its next sync).
import type { AdminIdentity } from '../../lib/shared/contract/auth';
import type { Route } from './route';

export const authMeRoute = (): Route => ({
  method: 'GET',
  path: '/v1/auth/me',
  auth: { role: 'viewer', what: 'see who they are' },
  handler: (c) => {
    const admin = c.get('admin');
    const body: AdminIdentity = {
      id: admin.id,
      name: admin.name,
      email: admin.email,
      role: admin.role,
      // How this request authenticated (set by requireAdmin): an admin token or an SSO access token.
      method: c.get('authMethod'),
    };
    return c.json(body);
  },
});
