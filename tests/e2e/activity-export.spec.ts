// Options → "Download audit log (CSV)", in real Chromium against the real
// server: the file holds exactly the events of the chosen period, is safe to
// open in a spreadsheet, holds no secret-shaped text; a failure says why.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures';
import { addAdmin } from './support/admins';

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test('the CSV holds the events of the period, formula-safe and without secrets', async ({ ext, server, connect }) => {
  const alice = addAdmin(server, 'admin', 'Alice', 'alice@example.com');
  const secrets: string[] = [];
  const create = async (name: string) => {
    const res = await server.api('POST', '/v1/keys', { name, expiresAt: null }, alice.token);
    const body = res.json as { key: { id: string }; secret: string };
    secrets.push(body.secret);
    return body.key.id;
  };
  const payments = await create('Payments');
  await create('=HYPERLINK("http://evil.example","Click")');
  expect((await server.api('PATCH', `/v1/keys/${payments}`, { name: 'Payments v2' }, alice.token)).status).toBe(200);
  expect((await server.api('DELETE', `/v1/keys/${payments}`, undefined, alice.token)).status).toBe(204);
  await connect();

  const options = await ext.context.newPage();
  await options.goto(ext.url('options'));
  const section = options.getByRole('region', { name: 'Audit log' });
  await expect(section.getByRole('button', { name: 'Download audit log (CSV)' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page: options }).include('.audit-export').analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      colorScheme,
    ).toEqual([]);
  }
  const today = localDate(new Date());
  await options.getByLabel('From').fill(today);
  await options.getByLabel('To (inclusive)').fill(today);
  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Download audit log (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`audit-log-${today}-to-${today}.csv`);
  await expect(section.getByRole('status')).toContainText(/^Downloaded \d+ events as audit-log-/);
  const text = readFileSync(await download.path(), 'utf8');

  // Exactly the server's events of today, newest first.
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  const period = (await server.api('GET', `/v1/audit?limit=500&after=${start.toISOString()}&before=${end.toISOString()}`)).json as {
    events: { id: number; action: string }[];
  };
  const lines = text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(
    'time,actor_name,actor_email,actor_method,action,key_id,key_name,key_hint,details,client_address,user_agent,request_id,event_id',
  );
  expect(lines.slice(1).map((l) => Number(l.split(',').at(-1)))).toEqual(period.events.map((e) => e.id));
  expect(period.events.map((e) => e.action)).toEqual(expect.arrayContaining(['key.created', 'key.renamed', 'key.deleted', 'admin.token_created']));
  expect(lines.some((l) => l.includes('Alice,alice@example.com,token,key.deleted'))).toBe(true);
  // A name that is a formula is written as text.
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
  // No secret, nor anything shaped like one.
  expect(text).not.toContain('wbk_');
  for (const secret of secrets) expect(text).not.toContain(secret);

  // A period before any event: nothing to download, and it says so.
  const yesterday = new Date(Date.now() - 86_400_000);
  await options.getByLabel('From').fill(localDate(yesterday));
  await options.getByLabel('To (inclusive)').fill(localDate(yesterday));
  await options.getByRole('button', { name: 'Download audit log (CSV)' }).click();
  await expect(section.getByRole('status')).toHaveText('No events in this period: nothing to download.');
});

test('the server down during the export: a clear message, and no file', async ({ ext, server, connect }) => {
  await server.api('POST', '/v1/keys', { name: 'Something', expiresAt: null });
  await connect();
  await server.stop();
  const options = await ext.context.newPage();
  let downloads = 0;
  options.on('download', () => downloads++);
  await options.goto(ext.url('options'));
  const section = options.getByRole('region', { name: 'Audit log' });
  await section.getByRole('button', { name: 'Download audit log (CSV)' }).click();
  await expect(section.getByRole('alert')).toHaveText(
    /^Couldn't download the audit log: Can't reach the key API at http:\/\/127\.0\.0\.1:\d+\..* Nothing was saved; try again\.$/,
  );
  expect(downloads).toBe(0);
});
