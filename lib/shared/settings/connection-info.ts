// The connection as the pages see it, in a module kept light on purpose:
// the popup parses it at first paint, so it holds only plain schemas (no URL
// rules, no policy parsing: those stay in connections.ts, which only the
// worker runs; zod schemas are not tree-shaken, and pages share one zod chunk).
import { z } from '../contract/zod';
import { ConnectionId } from './connection-id';

/** Named colours only: each has a light and a dark shade in connections.css with readable text on it. */
export const CONNECTION_COLOURS = ['blue', 'green', 'purple', 'orange', 'red', 'grey'] as const;
export const ConnectionColour = z.enum(CONNECTION_COLOURS);
export type ConnectionColour = z.infer<typeof ConnectionColour>;

export const CONNECTION_NAME_MAX = 60;
/** Trimmed by whoever stores it (the worker); checked for length here. */
export const ConnectionName = z
  .string()
  .check(
    z.minLength(1, 'Give the connection a name, e.g. "Acme production".'),
    z.maxLength(CONNECTION_NAME_MAX, `Keep the name under ${CONNECTION_NAME_MAX} characters.`),
  );

/** How a connection signs in: the values of contract/auth.ts's SignInMethod (not imported: its schemas would land in every page). */
export const SignInMethod = z.enum(['token', 'sso']);

/** A connection as everybody sees it: `managed` ones come from the organization's policy and are locked. */
const PageConnection = z.strictObject({
  id: ConnectionId,
  name: z.string().check(z.maxLength(200)),
  apiUrl: z.string().check(z.maxLength(2048)),
  colour: ConnectionColour,
  production: z.boolean(),
  signIn: SignInMethod,
  remember: z.boolean(),
  managed: z.boolean(),
});
export type Connection = z.infer<typeof PageConnection>;

/** The worker's copy of the whole list (own and managed, already checked), for the popup's first paint. */
export const ResolvedConnections = z.array(PageConnection);

/** What the worker answers the options page: the connection, and whether a credential is there (never the credential). */
export const ConnectionInfo = z.strictObject({ ...PageConnection.shape, hasCredential: z.boolean() });
export type ConnectionInfo = z.infer<typeof ConnectionInfo>;

/** The connection to show: the saved current one if it still exists, else the first. */
export function pickCurrent<C extends { id: string }>(connections: readonly C[], currentRaw: unknown): C | null {
  return (typeof currentRaw === 'string' ? connections.find((c) => c.id === currentRaw) : undefined) ?? connections[0] ?? null;
}

/** Other connections with the same API URL (allowed, e.g. two admin roles on one API; the options page warns). */
export function sameUrlAs<C extends { id: string; apiUrl: string }>(connections: readonly C[], apiUrl: string, exceptId?: string): C[] {
  return connections.filter((c) => c.apiUrl === apiUrl && c.id !== exceptId);
}
