// Vitest global setup of the PostgreSQL pass (vitest.config.ts, project
// server-postgres): one throwaway cluster for the whole run; each test server
// gets its own database in it (helpers.ts).
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresCluster } from '../../../testkit/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; dataDir: string } | undefined;
  }
}

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgres();
  project.provide('postgres', { adminUrl: cluster.adminUrl, dataDir: cluster.dataDir });
}

export async function teardown(): Promise<void> {
  await cluster?.dispose();
}
