// Path and query helpers shared by the key routes.
import { KeyId } from '../../lib/shared/contract/schemas';
import { invalidRequest, notFound } from '../errors';
import type { Ctx } from '../context';

/** The :id path parameter; a malformed id cannot name a key, so it is 404 like an unknown one. */
export function keyIdParam(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (!KeyId.safeParse(id).success) throw notFound();
  return id;
}

/** The query string as a flat object; a repeated parameter is ambiguous, so it is refused. */
export function queryObject(c: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw invalidRequest(name, `${name}: Give this parameter at most once.`);
    const value = values[0];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
