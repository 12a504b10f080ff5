import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { nodeByName, signIn } from '../support/fixtures';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');
const PREFIX = process.env.SHOTS_PREFIX ?? 'after';
// Before dark mode existed there was only the light theme.
const THEMES = PREFIX === 'before' ? (['light'] as const) : (['light', 'dark'] as const);

async function shoot(page: Page, name: string, theme: string) {
  // Let live data and charts settle (the collector polls every second) and nothing animate mid-shot.
  await page.waitForTimeout(2500);
  await page.screenshot({ path: path.join(OUT, `${PREFIX}-${name}-${theme}.png`) });
}

for (const theme of THEMES) {
  test(`nodes, node and settings pages in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.addInitScript((t) => window.localStorage.setItem('theme', t), theme);
    await signIn(page, 'admin');

    await page.goto('/nodes');
    await expect(page.getByText('backend-1').first()).toBeVisible();
    await shoot(page, 'nodes', theme);

    const node = await nodeByName(page.request, 'backend-1');
    await page.goto(`/nodes/${node.id}`);
    await expect(page.getByRole('heading', { name: 'backend-1' }).first()).toBeVisible();
    await shoot(page, 'node', theme);

    await page.goto('/settings');
    await expect(page.getByRole('heading').first()).toBeVisible();
    await shoot(page, 'settings', theme);
  });
}
