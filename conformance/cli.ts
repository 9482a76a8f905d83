// npm run conformance -- --url URL --admin-token TOKEN [--only TEXT]
// The contract's black-box checks against any implementation of the key API.
// Exit codes: 0 all passed (skips allowed), 1 a check failed, 2 bad usage.
// The token may also come from WORKBASE_CONFORMANCE_ADMIN_TOKEN, so it stays out of shell history.
import { parseArgs } from 'node:util';
import { formatTable, runConformance } from './run';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run conformance -- --url http://127.0.0.1:8787 --admin-token TOKEN [--only TEXT]`);
  process.exit(2);
}

let values: { url?: string; 'admin-token'?: string; only?: string };
try {
  ({ values } = parseArgs({ options: { url: { type: 'string' }, 'admin-token': { type: 'string' }, only: { type: 'string' } } }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const url = values.url;
const adminToken = values['admin-token'] ?? process.env.WORKBASE_CONFORMANCE_ADMIN_TOKEN;
if (!url || !/^https?:\/\//.test(url)) usage("--url must be the API's http(s) base URL.");
if (!adminToken) usage('--admin-token (or WORKBASE_CONFORMANCE_ADMIN_TOKEN) is required: an admin token of role admin or owner.');

let results: Awaited<ReturnType<typeof runConformance>>;
try {
  results = await runConformance({ url, adminToken, only: values.only });
} catch (error) {
  // The kit could not even list the keys it must leave alone: nothing was changed.
  console.error(`Cannot run the checks: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(formatTable(results));
process.exit(results.some((r) => r.outcome === 'fail') ? 1 : 0);
