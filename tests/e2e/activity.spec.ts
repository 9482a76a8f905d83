// Accountability in the popup, in real Chromium against the real server: a
// person with their own token is named in the header, each change they make
// shows in the Activity view with their name, a key's History shows only that
// key, and the view pages as it is scrolled. Axe and the keyboard too.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, generateKey } from './support/fixtures';
import { addAdmin } from './support/admins';

async function expectNoViolations(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `${view} in ${colorScheme} mode`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

interface AuditEventJson {
  action: string;
  actor: { name: string } | null;
  key: { name: string } | null;
}

test('Activity shows generate, rename and delete with the actor, and History filters by key', async ({ server, connect, openPopup }) => {
  const alice = addAdmin(server, 'admin', 'Alice', 'alice@example.com');
  await connect({ adminToken: alice.token });
  const popup = await openPopup();
  await expect(popup.locator('.who')).toHaveText('Signed in as Alice · admin');

  await generateKey(popup, 'Payments');
  await popup.getByRole('button', { name: 'Copy' }).click();
  await popup.getByRole('button', { name: 'Done' }).click();
  await generateKey(popup, 'Scratch');
  await popup.getByRole('button', { name: 'Copy' }).click();
  await popup.getByRole('button', { name: 'Done' }).click();
  // Each row names who created it.
  await expect(popup.getByRole('listitem').filter({ hasText: 'Payments' })).toContainText('by Alice');

  await popup.getByRole('button', { name: 'Edit Payments' }).click();
  await popup.getByLabel('Name', { exact: true }).fill('Payments v2');
  await popup.keyboard.press('Enter');
  await expect(popup.getByText('Payments v2')).toBeVisible();
  await popup.getByRole('button', { name: 'Delete Scratch' }).click();
  await popup.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(popup.getByText('Scratch')).toHaveCount(0);

  // The server recorded each, with Alice as the actor.
  const recorded = (await server.api('GET', '/v1/audit')).json as { events: AuditEventJson[] };
  expect(recorded.events.filter((e) => e.action.startsWith('key.')).map((e) => [e.action, e.actor?.name, e.key?.name])).toEqual([
    ['key.deleted', 'Alice', 'Scratch'],
    ['key.renamed', 'Alice', 'Payments v2'],
    ['key.created', 'Alice', 'Scratch'],
    ['key.created', 'Alice', 'Payments'],
  ]);

  // The Activity view says the same, newest first, with the exact time on hover.
  await popup.getByRole('button', { name: 'Activity' }).click();
  await expect(popup.getByRole('heading', { name: 'Activity' })).toBeFocused();
  const events = popup.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
  await expect(events.nth(0)).toContainText('Alice deleted Scratch');
  await expect(events.nth(1)).toContainText('Alice renamed Payments to “Payments v2”');
  await expect(events.nth(2)).toContainText('Alice generated Scratch');
  await expect(events.nth(3)).toContainText('Alice generated Payments');
  await expect(events.nth(0).locator('time')).toHaveText('just now');
  await expect(events.nth(0).locator('time')).toHaveAttribute('title', new RegExp(String(new Date().getFullYear())));
  await expectNoViolations(popup, 'popup, activity');

  // Back to the list, then one key's history.
  await popup.getByRole('button', { name: 'Back to keys' }).click();
  await expect(popup.getByRole('button', { name: 'Activity' })).toBeFocused();
  await popup.getByRole('button', { name: 'History of Payments v2' }).click();
  await expect(popup.getByRole('heading', { name: 'History of Payments v2' })).toBeVisible();
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toContainText('Alice renamed Payments to “Payments v2”');
  await expect(events.nth(1)).toContainText('Alice generated Payments');
  await expect(popup.getByText('2 events, no older ones.')).toBeVisible();
  await popup.getByRole('button', { name: 'Show all activity' }).click();
  await expect(popup.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(events.filter({ hasText: 'Scratch' })).toHaveCount(2);
});

test('the Activity view pages as it is scrolled, and works from the keyboard alone', async ({ server, connect, openPopup }) => {
  for (let i = 0; i < 40; i++) expect((await server.api('POST', '/v1/keys', { name: `Bulk ${i}`, expiresAt: null })).status).toBe(201);
  await connect();
  const popup = await openPopup();
  await expect(popup.getByText('Bulk 39')).toBeVisible();
  // Keyboard: Shift+Tab (from the end of the page: the 40 rows come first) to Activity, Enter opens it, focus lands on its heading.
  const activity = popup.getByRole('button', { name: 'Activity' });
  for (let i = 0; i < 10 && !(await activity.evaluate((el) => el === document.activeElement)); i++) await popup.keyboard.press('Shift+Tab');
  await expect(activity).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: 'Activity' })).toBeFocused();
  const events = popup.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
  await expect(events).toHaveCount(30);
  await expect(events.nth(0)).toContainText('Bootstrap admin generated Bulk 39');
  // Scrolling near the end fetches the next page.
  await popup.getByRole('region', { name: /events, newest first/ }).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(events).toHaveCount(40);
  await expect(events.nth(39)).toContainText('Bootstrap admin generated Bulk 0');
  await expect(popup.getByText('40 events, no older ones.')).toBeVisible();
});
