// Seeds connections straight into storage, as the worker's store writes them,
// for tests that need a connection to exist without connecting through a server.
import { createConnectionStore } from '../../lib/worker/stores/connection-store';
import type { StoredConnection } from '../../lib/shared/settings/connections';

export async function seedConnection(over: Partial<StoredConnection> = {}): Promise<StoredConnection> {
  const connection: StoredConnection = {
    id: 'c1',
    name: 'Acme staging',
    apiUrl: 'https://keys.example.com',
    colour: 'blue',
    production: false,
    signIn: 'token',
    remember: false,
    ...over,
  };
  const { id, ...fields } = connection;
  await createConnectionStore().saveConnection(id, fields);
  return connection;
}
