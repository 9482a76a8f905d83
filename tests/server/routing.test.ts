// Paths that are no route at all: 404 in the error envelope (405s are in each route's file).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectError, startTestServer, type TestServer } from './helpers';

describe('unknown routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  it.each([
    ['GET', '/'],
    ['GET', '/v1'],
    ['GET', '/v1/keys/'],
    ['GET', '/v2/keys'],
    ['GET', '/v1/keys/key_aaaaaaaaaaaaaaaaaaaaaaaa/extra'],
    ['POST', '/v1/whoami/x'],
  ])('unknown route %s %s', async (method, path) => {
    await expectError(await server.req(method, path), 404, 'not_found');
  });
});
