// Screenshots of the popup and options page in light and dark mode, for docs
// and issue notes: `npx tsx scripts/screenshots.ts` (after `npx wxt build`).
// Uses the same real server and Chromium as the e2e tests.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../testkit/server';
import { launchExtension } from '../testkit/browser';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
mkdirSync(OUT, { recursive: true });

const server = await startServer();
const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
for (const [name, expiresAt] of [
  ['Legacy importer', hours(0.0008)],
  ['Analytics export', null],
  ['Staging smoke tests', hours(20 * 24)],
  ['Billing webhooks', hours(3 * 24)],
  ['CI deploy', hours(12)],
] as const) {
  await server.api('POST', '/v1/keys', { name, expiresAt });
}
await new Promise((r) => setTimeout(r, 3_500)); // let "Legacy importer" expire

const ext = await launchExtension();
const options = await ext.context.newPage();
await options.setViewportSize({ width: 720, height: 820 });
await options.goto(ext.url('options'));
await options.getByLabel('API URL').fill(server.url);
await options.getByLabel('Admin token').fill(server.adminToken);
await options.getByRole('button', { name: 'Connect', exact: true }).click();
await options.getByText(/Connected/).waitFor();

const popup = await ext.context.newPage();
await popup.setViewportSize({ width: 380, height: 600 });
await popup.goto(ext.url('popup'));
await popup.getByText('CI deploy').waitFor();
await popup.getByText(/Updated/).waitFor();
for (const scheme of ['light', 'dark'] as const) {
  await popup.emulateMedia({ colorScheme: scheme });
  await options.emulateMedia({ colorScheme: scheme });
  await popup.screenshot({ path: path.join(OUT, `popup-${scheme}.png`) });
  await options.screenshot({ path: path.join(OUT, `options-${scheme}.png`), fullPage: true });
}
await popup.emulateMedia({ colorScheme: 'light' });
await popup.getByRole('button', { name: 'Generate API Key' }).click();
await popup.getByLabel('Name', { exact: true }).fill('Payments worker');
await popup.getByRole('button', { name: '30 days' }).click();
await popup.screenshot({ path: path.join(OUT, 'popup-generate.png') });
await popup.getByRole('button', { name: 'Generate', exact: true }).click();
await popup.getByLabel('New API key').waitFor();
await popup
  .getByRole('button', { name: 'Copy' })
  .click()
  .catch(() => undefined);
await popup.screenshot({ path: path.join(OUT, 'popup-reveal.png') });

await ext.close();
await server.stop();
console.log(`screenshots written to ${path.relative(process.cwd(), OUT)}/`);
