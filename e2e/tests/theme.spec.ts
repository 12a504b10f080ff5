import { expect, test, type Page } from '@playwright/test';

import { nodeByName, signIn } from '../support/fixtures';

/** Colour of a CSS custom property as the browser resolves it (the theme's tokens). */
const cssVar = (page: Page, name: string) =>
  page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);

test.describe('dark mode', () => {
  test('follows the system colour scheme until the user picks one', async ({ page }) => {
    await signIn(page, 'operator');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/nodes');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect(await cssVar(page, '--background')).toBe('#020617');

    await page.emulateMedia({ colorScheme: 'light' });
    // next-themes listens to the media query: no reload needed.
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
    expect(await cssVar(page, '--background')).toBe('#f8fafc');
  });

  test('the header toggle switches the theme and the choice survives a reload', async ({ page }) => {
    await signIn(page, 'operator');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/nodes');
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);

    // Keyboard only: the menu opens from the focused button, an item is chosen with Enter.
    await page.getByRole('button', { name: 'Theme' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);

    await page.reload();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await page.getByRole('button', { name: 'Theme' }).click();
    await expect(page.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');

    // Back to the system's choice (light here).
    await page.getByRole('menuitemradio', { name: 'System' }).click();
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  });

  test('no flash: the theme class is on <html> before the first paint', async ({ page }) => {
    await signIn(page, 'operator');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => {
      window.localStorage.setItem('theme', 'dark');
      const w = window as unknown as { __darkAt?: number; __atDomReady?: string };
      // The observer's callback runs right after the theme script (a microtask checkpoint), before
      // the parser goes on and before anything after it can be painted.
      new MutationObserver(() => {
        if (w.__darkAt === undefined && document.documentElement.classList.contains('dark')) {
          w.__darkAt = performance.now();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['class'] });
      document.addEventListener('DOMContentLoaded', () => {
        w.__atDomReady = document.documentElement.className;
      });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto('/nodes', { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => (window as unknown as { __atDomReady?: string }).__atDomReady)).toMatch(
      /\bdark\b/,
    );
    // The browser's own record of its first paint: the class was set before it.
    const firstPaint = async () =>
      page.evaluate(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-paint')?.startTime);
    await expect.poll(firstPaint).toBeGreaterThan(0);
    const darkAt = await page.evaluate(() => (window as unknown as { __darkAt?: number }).__darkAt);
    expect(darkAt).toBeDefined();
    expect(darkAt!).toBeLessThan((await firstPaint())!);
    expect(violations).toEqual([]);
  });

  test('charts are drawn with the dark palette', async ({ page }) => {
    await signIn(page, 'operator');
    await page.emulateMedia({ colorScheme: 'dark' });
    const node = await nodeByName(page.request, 'backend-1');
    await page.goto(`/nodes/${node.id}`);
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    const chart = page.getByTestId('load-history-chart');
    await expect(chart.locator('.recharts-line-curve').first()).toBeVisible({ timeout: 15_000 });
    // Series and axis labels take the dark shades (light text on the dark card), not the light ones.
    await expect(chart.locator('.recharts-line-curve').first()).toHaveCSS('stroke', 'rgb(96, 165, 250)');
    await expect(chart.locator('.recharts-cartesian-axis-tick-value').first()).toHaveCSS('fill', 'rgb(148, 163, 184)');
  });
});
