import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// The server suite runs twice: on SQLite with everything else, then once more
// against one throwaway PostgreSQL cluster (a database per test server).
// `--project unit` or `--project server-postgres` runs one pass.
export default defineConfig({
  // WxtVitest does not apply wxt.config's Vite plugins, so Preact is added again here.
  plugins: [WxtVitest(), preact()],
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/server/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          // About the SQLite file itself: pragmas and migrations, file modes, legacy bytes on disk, the CLI's default path.
          exclude: [
            'tests/server/db.test.ts',
            'tests/server/hardening/files.test.ts',
            'tests/server/hardening/cursor.test.ts',
            'tests/server/cli.test.ts',
          ],
          env: { WB_TEST_STORE: 'postgres' },
          globalSetup: ['tests/server/support/postgres-global.ts'],
        },
      },
    ],
  },
});
