import { expect, test } from '@playwright/test';

import { signIn, trpcCall } from '../support/fixtures';

test.describe('[SIZING] planner against the live cluster', () => {
  test('recommends a topology, advises a cluster for a large site, and shows shortfalls of the demo cluster', async ({
    page,
  }) => {
    await signIn(page, 'auditor');
    await page.goto('/sizing');
    await expect(page.getByTestId('sizing-recommendation')).toBeVisible();
    await expect(page.getByTestId('capacity-chart').locator('svg').first()).toBeVisible();

    await page.getByLabel('Accounts', { exact: true }).fill('1000');
    await page.getByLabel('Largest domain (accounts)').fill('1000');
    await page.getByLabel('Concurrent sessions').fill('300');
    await page.getByLabel('High availability').uncheck();
    await expect(page.getByTestId('cluster-advised')).toHaveAttribute('data-advised', 'no');

    await page.getByLabel('Accounts', { exact: true }).fill('400000');
    await page.getByLabel('Largest domain (accounts)').fill('150000');
    await page.getByLabel('Concurrent sessions').fill('120000');
    await page.getByLabel('High availability').check();
    await expect(page.getByTestId('cluster-advised')).toHaveAttribute('data-advised', 'yes');
    // The Controller's channel count follows 5 × backends + 3 × frontends.
    const count = async (id: string) =>
      Number((await page.getByTestId(id).locator('dd > span').first().innerText()).replace(/[^\d]/g, ''));
    const [frontends, backends] = [await count('sizing-frontends'), await count('sizing-backends')];
    expect(backends).toBeGreaterThan(3);
    await expect(page.getByTestId('controller-channels')).toHaveText(
      `+${(5 * backends + 3 * frontends).toLocaleString('en-US')}`,
    );
    // Three demo backends cannot carry 400,000 accounts.
    await expect(page.getByTestId('sizing-shortfall').first()).toBeVisible();
  });

  test("starts from the live cluster's figures and keeps its inputs in the URL across a reload", async ({ page }) => {
    await signIn(page, 'operator');
    const res = await trpcCall(page.request, 'cluster.sizingBaseline', undefined, 'query');
    expect(res.status).toBe(200);
    const live = (
      res.body as { result: { data: { json: { accounts: number; largestDomainAccounts: number; nodes: number } } } }
    ).result.data.json;
    expect(live.accounts).toBeGreaterThanOrEqual(1060); // the demo domains' accounts, at least
    await page.goto('/sizing');
    await expect(page.getByLabel('Accounts', { exact: true })).toHaveValue(String(live.accounts));
    await expect(page.getByLabel('Largest domain (accounts)')).toHaveValue(String(live.largestDomainAccounts));
    await expect(page.getByTestId('sizing-baseline')).toContainText(`${live.nodes} nodes`);
    await expect(page.getByTestId('sizing-recommendation')).toBeVisible();

    await page.getByLabel('Accounts', { exact: true }).fill('5000');
    await page.getByLabel('Planning horizon (years)').fill('5');
    await page.getByLabel('High availability').uncheck();
    await expect(page).toHaveURL(/accounts=5000&.*highAvailability=false&.*horizonYears=5$/);
    await page.reload();
    await expect(page.getByLabel('Accounts', { exact: true })).toHaveValue('5000');
    await expect(page.getByLabel('Planning horizon (years)')).toHaveValue('5');
    await expect(page.getByLabel('High availability')).not.toBeChecked();
    await expect(page.getByTestId('sizing-recommendation')).toBeVisible();
    // A shared link opens with the same inputs; a field left empty in it is an error, not a zero.
    await page.goto(`/sizing?accounts=300&horizonYears=`);
    await expect(page.getByLabel('Accounts', { exact: true })).toHaveValue('300');
    await expect(page.getByTestId('field-error-horizonYears')).toHaveText('Enter the planning horizon.');
  });

  test('bad input gets a field error and no recommendation', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/sizing');
    await page.getByLabel('Accounts', { exact: true }).fill('-5');
    await expect(page.locator('[data-testid^="field-error-"]').first()).toBeVisible();
  });

  test('domain administrators do not get the planner', async ({ page }) => {
    await signIn(page, 'domainAdmin');
    await page.goto('/sizing');
    await expect(page.getByTestId('forbidden')).toContainText('Forbidden');
    expect((await trpcCall(page.request, 'cluster.overview', undefined, 'query')).status).toBe(403);
  });
});
