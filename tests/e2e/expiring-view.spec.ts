// The popup's expiry view against the real server: keys expiring soon come
// first (soonest first), the filters show the right keys with their counts,
// and an expired key offers no way to renew it, only a replacement or delete.
import { test, expect } from './support/fixtures';
import type { Page } from '@playwright/test';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function seed(server: { api: (m: string, r: string, b?: unknown) => Promise<{ status: number; json: unknown }> }) {
  const ids: Record<string, string> = {};
  const make = async (name: string, expiresAt: string | null) => {
    const res = await server.api('POST', '/v1/keys', { name, expiresAt });
    expect(res.status).toBe(201);
    ids[name] = (res.json as { key: { id: string } }).key.id;
  };
  // The expired one first: it needs its ~2 s to pass while the others are made.
  await make('Gone soon', new Date(Date.now() + 2_000).toISOString());
  const now = Date.now();
  await make('Three days', new Date(now + 3 * DAY).toISOString());
  await make('Forever', null);
  await make('Twelve hours', new Date(now + 12 * HOUR).toISOString());
  await make('Twenty days', new Date(now + 20 * DAY).toISOString());
  // Wait until the server itself calls it expired (no fixed sleep to race).
  await expect
    .poll(
      async () => {
        const res = await server.api('GET', `/v1/keys/${ids['Gone soon']}`);
        return (res.json as { key: { status: string } }).key.status;
      },
      { timeout: 10_000 },
    )
    .toBe('expired');
  return ids;
}

const rowNames = (popup: Page) => popup.locator('li.key-row .key-name').allTextContents();

test('expiring keys on top, filters with counts, and no renew action on an expired key', async ({ server, connect, openPopup }) => {
  await seed(server);
  await connect();
  const popup = await openPopup();
  const list = popup.getByRole('list', { name: 'API keys' });
  await expect(list.getByRole('listitem')).toHaveCount(5);
  const names = await rowNames(popup);
  expect(names.slice(0, 2)).toEqual(['Twelve hours', 'Three days']);
  // The rest newest first.
  expect(names.slice(2)).toEqual(['Twenty days', 'Forever', 'Gone soon']);

  // Colour (row class) plus icon plus words.
  const soonRow = list.getByRole('listitem').filter({ hasText: 'Three days' });
  await expect(soonRow).toContainText('expires in 3 days');
  await expect(soonRow.locator('.warn-icon')).toBeVisible();
  await expect(soonRow).toHaveClass(/is-soon/);
  await expect(list.getByRole('listitem').filter({ hasText: 'Twelve hours' })).toContainText('expires in 12 hours');

  const filters = popup.getByRole('group', { name: 'Show keys' });
  const counts: [string, string][] = [
    ['All', '5'],
    ['Expiring soon', '2'],
    ['Expired', '1'],
    ['Never expires', '1'],
  ];
  for (const [name, count] of counts) await expect(filters.getByRole('button', { name, exact: true })).toContainText(count);

  await filters.getByRole('button', { name: 'Expiring soon', exact: true }).click();
  await expect(filters.getByRole('button', { name: 'Expiring soon', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => rowNames(popup)).toEqual(['Twelve hours', 'Three days']);

  await filters.getByRole('button', { name: 'Never expires', exact: true }).click();
  await expect.poll(() => rowNames(popup)).toEqual(['Forever']);

  await filters.getByRole('button', { name: 'Expired', exact: true }).click();
  await expect.poll(() => rowNames(popup)).toEqual(['Gone soon']);
  const expiredRow = popup.getByRole('listitem').filter({ hasText: 'Gone soon' });
  await expect(expiredRow).toContainText(/expired/);
  await expect(expiredRow.locator('.expired-icon')).toBeVisible();
  // History (read-only), rename, replace, delete: nothing renews or reactivates an expired key.
  await expect(expiredRow.getByRole('button')).toHaveCount(4);
  await expect(expiredRow.getByRole('button', { name: 'History of Gone soon' })).toBeVisible();
  await expect(expiredRow.getByRole('button', { name: 'Edit Gone soon' })).toBeVisible();
  await expect(expiredRow.getByRole('button', { name: 'Generate replacement for Gone soon' })).toBeVisible();
  await expect(expiredRow.getByRole('button', { name: 'Delete Gone soon' })).toBeVisible();
  await expect(popup.getByRole('button', { name: /renew|reactivate|extend/i })).toHaveCount(0);

  await filters.getByRole('button', { name: 'All', exact: true }).click();
  await expect(list.getByRole('listitem')).toHaveCount(5);
});

test('a notification link opens the popup on "Expiring soon" with its keys highlighted', async ({ server, connect, ext }) => {
  const ids = await seed(server);
  await connect();
  const popup = await ext.context.newPage();
  await popup.goto(`${ext.url('popup')}?filter=expiring&keys=${ids['Three days']},not-a-key`);
  await expect(popup.getByRole('button', { name: 'Expiring soon', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => rowNames(popup)).toEqual(['Twelve hours', 'Three days']);
  await expect(popup.getByRole('listitem').filter({ hasText: 'Three days' })).toHaveClass(/is-highlighted/);
  await expect(popup.getByRole('listitem').filter({ hasText: 'Twelve hours' })).not.toHaveClass(/is-highlighted/);
});
