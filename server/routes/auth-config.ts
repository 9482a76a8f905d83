// GET /v1/auth/config (no authentication): how admins sign in here. The
// options page needs only the API URL; the provider, client id and scopes
// come from this answer. Nothing secret: a public client has no secret.
import type { AuthConfig } from '../../lib/shared/contract/auth';
import type { Deps } from '../context';
import type { Route } from './route';

export const authConfigRoute = (deps: Deps): Route => ({
  method: 'GET',
  path: '/v1/auth/config',
  auth: null,
  handler: (c) => {
    const sso = deps.oidc?.config;
    const body: AuthConfig = sso
      ? { methods: ['sso', 'token'], sso: { issuer: sso.issuer, clientId: sso.clientId, scopes: sso.scopes } }
      : { methods: ['token'] };
    return c.json(body);
  },
});
