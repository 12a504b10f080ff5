import { expect, test, type Page } from '@playwright/test';

import { signIn, trpcCall } from '../support/fixtures';

// Demo data (scripts/lib/cluster.mjs): five nodes; the domain administrator manages example.com only,
// example.net belongs to someone else.

/** Presses Tab until focus is on a control with this accessible text (keyboard only, as a user would). */
async function tabTo(page: Page, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
    });
    if (label === name) return;
  }
  throw new Error(`no Tab stop named "${name}" within ${max} presses`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

test.describe('[SHELL] chrome, 404/403, keyboard, command palette', () => {
  test('a mistyped address shows the console 404 with its navigation', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/no-such-page');
    await expect(page.getByTestId('not-found')).toContainText('Page not found');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Nodes' })).toBeVisible();
    await nav.getByRole('link', { name: 'Domains' }).click();
    await expect(page).toHaveURL('/domains');
  });

  test('the database-unavailable page explains, and returns to the page asked for once the database answers', async ({
    page,
  }) => {
    await signIn(page, 'admin');
    // The page itself reads nothing from the database; with the database up, its poll of /api/health
    // succeeds on the first tick and it goes back.
    await page.goto('/unavailable?next=/nodes');
    // Next.js keeps its own (empty) route announcer with role=alert: pick the page's by its text.
    await expect(page.getByRole('alert').filter({ hasText: 'The cluster database is unavailable' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Try again now' })).toHaveAttribute('href', '/nodes');
    await expect(page).toHaveURL('/nodes', { timeout: 15_000 });
    // Only same-site paths: anything else goes home.
    await page.goto('/unavailable?next=//evil.example/');
    await expect(page.getByRole('link', { name: 'Try again now' })).toHaveAttribute('href', '/');
  });

  test('a domain administrator gets the same Forbidden page on every cluster page', async ({ page }) => {
    await signIn(page, 'domainAdmin');
    for (const path of ['/nodes', '/settings', '/ports', '/upgrades/new']) {
      await page.goto(path);
      await expect(page, path).toHaveURL(path);
      await expect(page.getByTestId('forbidden'), path).toContainText('Forbidden');
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domains' })).toBeVisible();
    }
  });

  test('the skip link is the first Tab stop and moves focus to the content; / focuses search', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/nodes');
    await expect(page.getByTestId('node-row').first()).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('main');

    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Search nodes' })).toBeFocused();
    // Typing '/' in a field types it, it does not jump.
    await page.keyboard.type('a/b');
    await expect(page.getByRole('searchbox', { name: 'Search nodes' })).toHaveValue('a/b');
  });

  test('Ctrl-K finds a node by name and Enter opens it', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/domains');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.type('frontend-1');
    const option = palette.getByRole('option', { name: /frontend-1/ });
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/nodes\/[0-9a-f-]{36}$/);
    await expect(palette).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'frontend-1' })).toBeVisible();
  });

  test("a domain administrator's palette lists neither another domain nor cluster pages", async ({ page }) => {
    await signIn(page, 'domainAdmin');
    await page.goto('/domains');
    await expect(page.getByTestId('domain-row').first()).toBeVisible();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await page.keyboard.type('example');
    await expect(palette.getByRole('option', { name: 'example.com' })).toBeVisible();
    await expect(palette.getByRole('option', { name: 'example.net' })).toHaveCount(0);
    await page.getByRole('combobox').fill('user1@example.n');
    await expect(palette.getByText('No matches.')).toBeVisible();
    for (const page_ of ['Nodes', 'Settings', 'Sizing', 'Start an upgrade']) {
      await page.getByRole('combobox').fill(page_);
      await expect(palette.getByRole('option', { name: page_ })).toHaveCount(0);
    }
    await page.getByRole('combobox').fill('Domains');
    await expect(palette.getByRole('option', { name: 'Domains' })).toBeVisible();
  });
});

test.describe('[SHELL] keyboard-only withdraw and ready', () => {
  test.afterEach(async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, 'operator');
    const list = await trpcCall(page.request, 'nodes.list', { pageSize: 100 }, 'query');
    const items = (list.body as { result: { data: { json: { items: Array<{ id: string }> } } } }).result.data.json
      .items;
    await trpcCall(page.request, 'nodes.setReadiness', { ids: items.map((n) => n.id), ready: true }, 'mutation');
  });

  test('an operator withdraws a frontend and makes it Ready again with Tab, Enter and typing only', async ({
    page,
  }) => {
    await signIn(page, 'operator');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('frontend-2');
    await expect(page.getByRole('option', { name: /frontend-2/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'frontend-2' })).toBeVisible();

    const dialog = page.getByRole('dialog');
    await tabTo(page, 'Make Non-Ready');
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('readiness-sessions')).toHaveText(/^\d[\d,]*$/);
    await tabTo(page, 'Make Non-Ready');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Make Ready', exact: true })).toBeVisible();

    await tabTo(page, 'Make Ready');
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('readiness-sessions')).toHaveText(/^\d[\d,]*$/);
    await tabTo(page, 'Make Ready');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Make Non-Ready', exact: true })).toBeVisible();
  });
});
