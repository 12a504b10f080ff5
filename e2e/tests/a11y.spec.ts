import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import { nodeByName, signIn } from '../support/fixtures';

// Demo data (scripts/lib/cluster.mjs): five nodes, example.com with user1..user1000.
const SIGNED_IN = [
  '/',
  '/nodes',
  'node',
  '/ports',
  '/sizing',
  '/upgrades',
  '/upgrades/new',
  '/domains',
  '/domains/example.com',
  '/domains/example.com/accounts/user1',
  '/alerts',
  '/health',
  '/health/notifications',
  '/settings',
  '/users',
  '/audit',
  '/account',
  '/no-such-page',
] as const;
const SIGNED_OUT = ['/sign-in', '/unavailable'] as const;
const THEMES = ['light', 'dark'] as const;

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
}

/** The page has rendered its content, not the loading skeleton. */
async function settled(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.getByTestId('page-skeleton')).toHaveCount(0);
  await expect(page.getByText('Loading…', { exact: true })).toHaveCount(0);
}

for (const theme of THEMES) {
  test.describe(`[A11Y] axe in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test.beforeEach(async ({ page }) => {
      // next-themes' own key, so the theme is set before the first paint whatever the default.
      await page.addInitScript((t) => window.localStorage.setItem('theme', t), theme);
    });

    for (const path of SIGNED_IN) {
      test(`${path}: no serious or critical violations`, async ({ page }) => {
        await signIn(page, 'admin');
        const url = path === 'node' ? `/nodes/${(await nodeByName(page.request, 'backend-1')).id}` : path;
        await page.goto(url);
        await settled(page);
        await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
        expect(await violations(page)).toEqual([]);
      });
    }

    test('the command palette: no serious or critical violations', async ({ page }) => {
      await signIn(page, 'admin');
      await page.goto('/nodes');
      await settled(page);
      await page.keyboard.press('Control+k');
      await page.keyboard.type('backend');
      await expect(page.getByRole('option', { name: /backend-1/ })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    for (const path of SIGNED_OUT) {
      test(`${path} (signed out): no serious or critical violations`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator('h1').first()).toBeVisible();
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}
