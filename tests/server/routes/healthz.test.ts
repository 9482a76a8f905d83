// GET /healthz: health, public: which store, and whether it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_STORE, expectError, startTestServer, type TestServer } from '../helpers';
import { describeRouteSecurity } from '../support/security';

describe('GET /healthz', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.dispose());

  describe('happy path', () => {
    it('GET /healthz needs no auth', async () => {
      const res = await server.req('GET', '/healthz', { token: null });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', store: TEST_STORE });
    });
  });

  describe('errors', () => {
    it('405 with Allow: DELETE /healthz', async () => {
      const res = await server.req('DELETE', '/healthz');
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      await expectError(res, 405, 'method_not_allowed');
    });
  });

  describe('security', () => {
    describeRouteSecurity({ auth: 'none', okStatus: 200, request: async () => ({ method: 'GET', path: '/healthz' }) });
  });
});
