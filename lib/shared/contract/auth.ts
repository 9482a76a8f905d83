// How admins sign in, and who the server says they are. Shared by the server
// (GET /v1/auth/config, GET /v1/auth/me, POST /v1/auth/sign-in) and the
// extension, which discovers the sign-in methods from the API URL alone.
// Its own module so a page that never signs in does not bundle it.
import { z } from './zod';
import { AdminRole } from './audit';

export const SignInMethod = z.enum(['sso', 'token']);
export type SignInMethod = z.infer<typeof SignInMethod>;

/** GET /v1/auth/config (no authentication): what the options page offers. */
export const AuthConfig = z.object({
  methods: z.array(SignInMethod).check(z.minLength(1)),
  /** Present when methods contains "sso": the OpenID provider the extension signs in with. */
  sso: z.optional(
    z.object({
      issuer: z.url({ protocol: /^https?$/ }),
      clientId: z.string().check(z.minLength(1), z.maxLength(200)),
      scopes: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(20)),
    }),
  ),
});
export type AuthConfig = z.infer<typeof AuthConfig>;

/**
 * GET /v1/auth/me and POST /v1/auth/sign-in (any admin role): the person
 * behind the credential and what they may do. The role is read on every
 * request, so this is also how the extension learns of a role change.
 */
export const AdminIdentity = z.object({
  /** Null for the bootstrap token (WORKBASE_ADMIN_TOKEN) when it has no row. */
  id: z.nullable(z.number()),
  name: z.string(),
  email: z.nullable(z.string()),
  role: AdminRole,
  method: SignInMethod,
});
export type AdminIdentity = z.infer<typeof AdminIdentity>;
