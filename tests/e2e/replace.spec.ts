// Replacing a key through the popup, against the real server: the new secret
// is revealed once and works; the old key keeps working through the chosen
// grace period, or stops at once with none. And a create whose answer is lost
// on the network is retried with the same Idempotency-Key: one key, not two.
import { test, expect, whoami } from './support/fixtures';
import { startFaultProxy } from './support/fault-proxy';
import type { Page } from '@playwright/test';
import type { RunningServer } from '../../testkit/server';

const DAY = 86_400_000;

async function createServerKey(server: RunningServer, name: string, days: number): Promise<{ id: string; secret: string }> {
  const res = await server.api('POST', '/v1/keys', { name, expiresAt: new Date(Date.now() + days * DAY).toISOString() });
  expect(res.status).toBe(201);
  const body = res.json as { key: { id: string }; secret: string };
  return { id: body.key.id, secret: body.secret };
}

async function replace(popup: Page, name: string, grace: string): Promise<string> {
  await popup.getByRole('button', { name: `Generate replacement for ${name}` }).click();
  await expect(popup.getByLabel('Name')).toHaveValue(name);
  await popup.getByLabel('Keep the old key working for').selectOption({ label: grace });
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  const field = popup.getByLabel('New API key');
  await expect(field).toHaveValue(/^wbk_/);
  return field.inputValue();
}

test('replace with a 1-hour grace keeps the old key working; with none it stops at once', async ({ server, connect, openPopup }) => {
  const alpha = await createServerKey(server, 'Alpha', 3);
  const beta = await createServerKey(server, 'Beta', 2);
  await connect();
  const popup = await openPopup();

  // Same lifetime as the old key (3 days): the date field is today + 3 days.
  await popup.getByRole('button', { name: 'Generate replacement for Alpha' }).click();
  const in3 = new Date();
  in3.setDate(in3.getDate() + 3);
  const pad = (n: number) => String(n).padStart(2, '0');
  await expect(popup.getByLabel('Expiration date')).toHaveValue(`${in3.getFullYear()}-${pad(in3.getMonth() + 1)}-${pad(in3.getDate())}`);
  await popup.getByRole('button', { name: 'Cancel' }).click();

  const newAlpha = await replace(popup, 'Alpha', '1 hour');
  expect((await whoami(server, newAlpha)).status).toBe(200);
  expect((await whoami(server, alpha.secret)).status).toBe(200);
  const old = (await server.api('GET', `/v1/keys/${alpha.id}`)).json as { key: { expiresAt: string } };
  expect(Date.parse(old.key.expiresAt)).toBeLessThanOrEqual(Date.now() + 3_600_000);

  const newBeta = await replace(popup, 'Beta', 'No grace period');
  expect((await whoami(server, newBeta)).status).toBe(200);
  const oldBeta = await whoami(server, beta.secret);
  expect(oldBeta.status).toBe(401);
  expect((oldBeta.json as { error: { code: string } }).error.code).toBe('key_expired');
  // The list shows the old key expired: replaced, never renewed.
  await popup.getByRole('button', { name: 'Expired', exact: true }).click();
  await expect(popup.getByRole('listitem').filter({ hasText: 'Beta' })).toHaveCount(1);
});

test('a create whose answer is cut is retried with the same Idempotency-Key: one key, and the admin is told', async ({
  server,
  connect,
  openPopup,
}) => {
  const proxy = await startFaultProxy(server.url);
  try {
    await connect({ apiUrl: proxy.url });
    let cut = 0;
    proxy.setFault(({ method, path }) => {
      if (method === 'POST' && path === '/v1/keys' && cut === 0) {
        cut++;
        return { kind: 'drop-after-forward' };
      }
      return undefined;
    });
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Generate API Key' }).click();
    await popup.getByLabel('Name').fill('Flaky network');
    await popup.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(
      popup.getByText("This key was already created by an earlier attempt, but its secret never reached you and can't be shown again."),
    ).toBeVisible();
    expect(cut).toBe(1);
    const list = async () => ((await server.api('GET', '/v1/keys')).json as { keys: { id: string; name: string }[] }).keys;
    const first = await list();
    expect(first.map((k) => k.name)).toEqual(['Flaky network']);

    // Delete it and generate a new one: still exactly one key, a different one, with its secret shown.
    await popup.getByRole('button', { name: 'Delete it and generate a new one' }).click();
    await expect(popup.getByLabel('New API key')).toHaveValue(/^wbk_/);
    const secret = await popup.getByLabel('New API key').inputValue();
    const second = await list();
    expect(second).toHaveLength(1);
    expect(second[0]!.id).not.toBe(first[0]!.id);
    expect((await whoami(server, secret)).status).toBe(200);
  } finally {
    await proxy.close();
  }
});
