import { expect, test } from '@playwright/test';

import { killAgent, restartAgent, signIn } from '../support/fixtures';

const NODES = ['backend-1', 'backend-2', 'backend-3', 'frontend-1', 'frontend-2'];

test.describe('[NODES] Single Service Image', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin');
  });

  test('shows all five demo nodes live with moving load', async ({ page }) => {
    await page.goto('/nodes');
    const rows = page.getByTestId('node-row');
    await expect(rows).toHaveCount(5);
    for (const name of NODES) {
      await expect(page.locator(`[data-testid="node-row"][data-node-name="${name}"]`)).toHaveAttribute(
        'data-state',
        'ready',
      );
    }
    // One backend is Controller, another its Backup, as the nodes report it.
    await expect(page.locator('[data-testid="node-row"][data-cluster-role="controller"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="node-row"][data-cluster-role="backup"]')).toHaveCount(1);

    const total = page.getByTestId('cluster-totals').getByTestId('total-sessions');
    const first = await total.innerText();
    // Sessions arrive and end every second: the figure changes without a reload.
    await expect.poll(async () => total.innerText(), { timeout: 15_000 }).not.toBe(first);
    await expect(page.getByTestId('total-nodes')).toContainText('5');
  });

  test('marks a killed node Down within 5 s and shows it back after a restart', async ({ page }) => {
    await page.goto('/nodes');
    const row = page.locator('[data-testid="node-row"][data-node-name="frontend-2"]');
    await expect(row).toHaveAttribute('data-state', 'ready');
    await killAgent('frontend-2');
    await expect(row).toHaveAttribute('data-state', 'down', { timeout: 5_000 });
    await expect(row.getByTestId('node-state')).toHaveText('Down');
    await restartAgent('frontend-2');
    await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 10_000 });
  });

  test("opens a node's load history chart", async ({ page }) => {
    await page.goto('/nodes');
    await page
      .locator('[data-testid="node-row"][data-node-name="backend-1"]')
      .getByRole('link', { name: 'backend-1' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'backend-1' })).toBeVisible();
    const chart = page.getByTestId('load-history-chart');
    await expect(chart.locator('.recharts-line-curve').first()).toBeVisible({ timeout: 15_000 });
  });

  test('an unknown node id shows "not found"', async ({ page }) => {
    await page.goto('/nodes/00000000-0000-4000-8000-000000000000');
    await expect(page.getByTestId('node-not-found')).toBeVisible();
  });
});
