import { expect, test, type Page } from '@playwright/test';

import { signIn } from '../support/fixtures';

// Demo data: five nodes; example.net holds user1..user50 (scripts/lib/cluster.mjs).
const NODES = ['backend-1', 'backend-2', 'backend-3', 'frontend-1', 'frontend-2'];

/** Every column header's rendered width, by its text ('' for an icon/checkbox column). */
async function headerWidths(page: Page) {
  return page
    .getByRole('table', { name: 'Nodes' })
    .getByRole('columnheader')
    .evaluateAll((ths) =>
      ths.map((th) => ({ name: th.textContent?.trim() ?? '', width: th.getBoundingClientRect().width })),
    );
}

test.describe('[LAYOUT] tables from 768 px up', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin');
  });

  test("at 1024 px the nodes list shows every node's name", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto('/nodes');
    await expect(page.getByTestId('node-row')).toHaveCount(NODES.length);
    const name = (await headerWidths(page)).find((h) => h.name === 'Name');
    expect(name?.width).toBeGreaterThan(100);
    for (const node of NODES) {
      const link = page.locator(`[data-testid="node-row"][data-node-name="${node}"]`).getByRole('link', { name: node });
      await expect(link).toBeVisible();
      // Visible and not clipped to nothing: the link is as wide as its text.
      const box = await link.boundingBox();
      expect(box?.width).toBeGreaterThan(40);
    }
  });

  test('at 768 px no column collapses: the table scrolls sideways instead', async ({ page }) => {
    await page.setViewportSize({ width: 768, height: 800 });
    await page.goto('/nodes');
    await expect(page.getByTestId('node-row')).toHaveCount(NODES.length);
    for (const header of await headerWidths(page)) {
      expect(header.width, `column "${header.name}"`).toBeGreaterThanOrEqual(40);
    }
    const scroll = page.getByTestId('nodes-scroll');
    const { scrollWidth, clientWidth } = await scroll.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways: only the table's container does.
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(pageOverflow).toBeLessThanOrEqual(0);
  });

  test('accounts are listed in natural order', async ({ page }) => {
    await page.goto('/domains/example.net');
    const rows = page.getByTestId('account-row');
    await expect(rows).toHaveCount(50);
    const addresses = await rows.evaluateAll((trs) => trs.slice(0, 12).map((tr) => tr.getAttribute('data-address')));
    expect(addresses).toEqual(Array.from({ length: 12 }, (_, i) => `user${i + 1}@example.net`));
    // The Address header sorts, and says how.
    const header = page.getByRole('columnheader', { name: 'Address' });
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect(rows.first()).toHaveAttribute('data-address', 'user50@example.net');
  });

  test('the domains footer counts one domain in the singular', async ({ page }) => {
    await page.goto('/domains');
    await page.getByLabel('Search domains').fill('example.net');
    await expect(page.getByTestId('domain-row')).toHaveCount(1);
    await expect(page.getByTestId('list-count')).toHaveText('Showing 1 domain');
  });
});
