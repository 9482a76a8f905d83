// Issue 9: one route table. Registration and the 405/Allow table both come
// from routes(), so every registered method is in Allow and nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowTable } from '../../../server/routes/route';
import { expectError, routeTable, startTestServer, type TestServer } from '../helpers';

const table = routeTable();
const concrete = (path: string) => path.replace(':id', 'key_aaaaaaaaaaaaaaaaaaaaaaaa');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('route table', () => {
  it('Allow lists exactly the registered methods (HEAD with GET), for every path', () => {
    const allow = allowTable(table);
    for (const route of table) {
      const methods = allow.get(route.path)!.split(', ');
      expect(methods).toContain(route.method);
      if (route.method === 'GET') expect(methods).toContain('HEAD');
      const registered = table.filter((r) => r.path === route.path).map((r) => r.method);
      expect(methods.filter((m) => m !== 'HEAD').sort()).toEqual([...new Set(registered)].sort());
    }
  });

  it('every path answers an unregistered method with 405 and that Allow', async () => {
    for (const [path, allow] of allowTable(table)) {
      const res = await server.req('PUT', concrete(path));
      expect(res.headers.get('allow')).toBe(allow);
      await expectError(res, 405, 'method_not_allowed');
    }
  });
});
