// Accessibility: every view passes axe-core in light and dark mode, and every
// flow can be done with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

async function expectNoViolations(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, `${view} in ${colorScheme} mode`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Presses Tab until `target` has focus: proves it is reachable by keyboard alone. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

test('every view passes axe in light and dark mode', async ({ ext, server, connect, openPopup }) => {
  await server.api('POST', '/v1/keys', { name: 'Soon', expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  await server.api('POST', '/v1/keys', { name: 'Forever', expiresAt: null });

  const disconnected = await openPopup();
  await expect(disconnected.getByRole('button', { name: 'Open options' })).toBeVisible();
  await expectNoViolations(disconnected, 'popup, not connected');
  await disconnected.close();

  const options = await ext.context.newPage();
  await options.goto(ext.url('options'));
  await expect(options.getByLabel('API URL')).toBeVisible();
  await expectNoViolations(options, 'options');
  await options.close();

  await connect();
  const popup = await openPopup();
  await expect(popup.getByText('Forever')).toBeVisible();
  await expectNoViolations(popup, 'popup, key list');

  await popup.getByRole('button', { name: 'Generate API Key' }).click();
  await expectNoViolations(popup, 'popup, generate form');
  await popup.getByLabel('Name', { exact: true }).fill('Axe key');
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(popup.getByLabel('New API key')).toBeVisible();
  await expectNoViolations(popup, 'popup, one-time reveal');
  await popup.getByRole('button', { name: 'Done' }).click();
  await expectNoViolations(popup, 'popup, confirm hiding an uncopied key');
  await popup.getByRole('button', { name: 'Hide key' }).click();

  await popup.getByRole('button', { name: 'Edit Forever' }).click();
  await expectNoViolations(popup, 'popup, rename');
  await popup.getByRole('button', { name: 'Cancel' }).click();

  await popup.getByRole('button', { name: 'Delete Forever' }).click();
  await expect(popup.getByRole('dialog')).toBeVisible();
  await expectNoViolations(popup, 'popup, delete dialog');
});

test('connect, generate, copy, rename, filter and delete with the keyboard alone', async ({ ext, server, openPopup }) => {
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await server.api('POST', '/v1/keys', { name: 'Keyboard old', expiresAt: null });

  // Connect.
  const options = await ext.context.newPage();
  await options.goto(ext.url('options'));
  await tabTo(options, options.getByLabel('API URL'));
  await options.keyboard.type(server.url);
  await tabTo(options, options.getByLabel('Admin token'));
  await options.keyboard.type(server.adminToken);
  await options.keyboard.press('Enter');
  await expect(options.getByText(/Connected/)).toBeVisible();
  await options.close();

  // Generate and copy; focus lands on the new key.
  const popup = await openPopup();
  await expect(popup.getByText('Keyboard old')).toBeVisible();
  await tabTo(popup, popup.getByRole('button', { name: 'Generate API Key' }));
  await popup.keyboard.press('Enter');
  await tabTo(popup, popup.getByLabel('Name', { exact: true }));
  await popup.keyboard.type('Keyboard new');
  await popup.keyboard.press('Enter');
  const secretField = popup.getByLabel('New API key');
  await expect(secretField).toBeFocused();
  const secret = await secretField.inputValue();
  await tabTo(popup, popup.getByRole('button', { name: 'Copy' }));
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await tabTo(popup, popup.getByRole('button', { name: 'Done' }));
  await popup.keyboard.press('Enter');
  await expect(secretField).toHaveCount(0);

  // Rename: Enter saves.
  await tabTo(popup, popup.getByRole('button', { name: 'Edit Keyboard old' }));
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('Name', { exact: true })).toBeFocused();
  await popup.keyboard.press('ControlOrMeta+a');
  await popup.keyboard.type('Keyboard renamed');
  await popup.keyboard.press('Enter');
  await expect(popup.getByText('Keyboard renamed')).toBeVisible();

  // Filter.
  await tabTo(
    popup,
    popup
      .getByRole('button', { name: /Never expires/ })
      .or(popup.getByRole('radio', { name: /Never expires/ }))
      .first(),
  );
  await popup.keyboard.press('Space');
  await expect(popup.getByText('Keyboard renamed')).toBeVisible();

  // Delete: the dialog takes focus, Escape cancels and focus returns to the list.
  const deleteButton = popup.getByRole('button', { name: 'Delete Keyboard renamed' });
  await tabTo(popup, deleteButton);
  await popup.keyboard.press('Enter');
  const dialog = popup.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(deleteButton).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await tabTo(popup, dialog.getByRole('button', { name: 'Delete' }));
  await popup.keyboard.press('Enter');
  await expect(popup.getByText('Keyboard renamed')).toHaveCount(0);
  expect(((await server.api('GET', '/v1/keys')).json as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['Keyboard new']);
});
