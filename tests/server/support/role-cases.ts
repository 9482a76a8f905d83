// Every admin route with a request that exercises it, the least role the
// route table gives it, and what a viewer reads when refused. One list, so the
// token and SSO role matrices (roles.test.ts, auth-roles.test.ts) cover the
// same routes; both fail when a route is missing from it.
import type { TestServer } from '../helpers';

export interface Case {
  route: string;
  /** The least role that may; viewer-only routes never refuse a known admin. */
  role: 'viewer' | 'admin';
  /** The refusal a viewer reads. */
  refusal?: string;
  request: (s: TestServer) => Promise<{ method: string; path: string; json?: unknown }>;
  ok: number;
}

export const ROLE_CASES: readonly Case[] = [
  { route: 'GET /v1/keys', role: 'viewer', request: async () => ({ method: 'GET', path: '/v1/keys' }), ok: 200 },
  {
    route: 'GET /v1/keys/:id',
    role: 'viewer',
    request: async (s) => ({ method: 'GET', path: `/v1/keys/${(await s.createKey('read me')).key.id}` }),
    ok: 200,
  },
  {
    route: 'POST /v1/keys/lookup',
    role: 'viewer',
    request: async () => ({ method: 'POST', path: '/v1/keys/lookup', json: { hashes: ['0'.repeat(64)] } }),
    ok: 200,
  },
  { route: 'GET /v1/audit', role: 'viewer', request: async () => ({ method: 'GET', path: '/v1/audit' }), ok: 200 },
  { route: 'POST /v1/auth/sign-in', role: 'viewer', request: async () => ({ method: 'POST', path: '/v1/auth/sign-in' }), ok: 200 },
  { route: 'GET /v1/auth/me', role: 'viewer', request: async () => ({ method: 'GET', path: '/v1/auth/me' }), ok: 200 },
  {
    route: 'POST /v1/keys',
    role: 'admin',
    refusal: "Viewers can't generate keys.",
    request: async () => ({ method: 'POST', path: '/v1/keys', json: { name: 'made by a role case', expiresAt: null } }),
    ok: 201,
  },
  {
    route: 'PATCH /v1/keys/:id',
    role: 'admin',
    refusal: "Viewers can't rename keys.",
    request: async (s) => ({ method: 'PATCH', path: `/v1/keys/${(await s.createKey('rename me')).key.id}`, json: { name: 'renamed' } }),
    ok: 200,
  },
  {
    route: 'DELETE /v1/keys/:id',
    role: 'admin',
    refusal: "Viewers can't delete keys.",
    request: async (s) => ({ method: 'DELETE', path: `/v1/keys/${(await s.createKey('delete me')).key.id}` }),
    ok: 204,
  },
  {
    route: 'POST /v1/keys/:id/replace',
    role: 'admin',
    refusal: "Viewers can't replace keys.",
    request: async (s) => ({
      method: 'POST',
      path: `/v1/keys/${(await s.createKey('replace me')).key.id}/replace`,
      json: { name: 'replacement', expiresAt: null, graceSeconds: 0 },
    }),
    ok: 201,
  },
];
