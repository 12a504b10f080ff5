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

  test('no flash: the theme class is on <html> before the first frame is painted', async ({ page }) => {
    await signIn(page, 'operator');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => {
      window.localStorage.setItem('theme', 'dark');
      const w = window as unknown as { __firstFrame?: string; __atDomReady?: string };
      // A frame callback runs just before the browser paints that frame: the first one shows what the
      // first paint used. The theme script (a blocking inline script, with the CSP nonce) must have run.
      requestAnimationFrame(() => {
        w.__firstFrame ??= document.documentElement.className;
      });
      document.addEventListener('DOMContentLoaded', () => {
        w.__atDomReady = document.documentElement.className;
      });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto('/nodes', { waitUntil: 'domcontentloaded' });
    const atDomReady = await page.evaluate(() => (window as unknown as { __atDomReady?: string }).__atDomReady);
    expect(atDomReady).toMatch(/\bdark\b/);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __firstFrame?: string }).__firstFrame))
      .toMatch(/\bdark\b/);
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
