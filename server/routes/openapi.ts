// GET /openapi.json: the contract as OpenAPI 3.1, generated from the same zod
// schemas this server validates with (the committed docs/openapi.json is the
// same text; a test keeps them equal). Public: it describes, it reveals nothing.
import { openApiDocument } from '../../lib/shared/contract/openapi';
import type { Route } from './route';

export const openApiRoute = (): Route => {
  let text: string | undefined; // built on first request: ~130 kB nobody may ask for
  return {
    method: 'GET',
    path: '/openapi.json',
    auth: null,
    handler: (c) => {
      text ??= JSON.stringify(openApiDocument());
      return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  };
};
