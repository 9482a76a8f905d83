// npm run openapi: writes docs/openapi.json from the zod contract
// (lib/shared/contract/openapi.ts), formatted as Prettier would so
// `npm run lint` accepts it. tests/server/openapi.test.ts fails when the
// committed file's content differs from what this generates.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from '../lib/shared/contract/openapi';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

if (process.argv[1] === import.meta.filename) {
  const options = (await resolveConfig(OPENAPI_FILE)) ?? {};
  const text = await format(JSON.stringify(openApiDocument()), { ...options, parser: 'json', filepath: OPENAPI_FILE });
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
