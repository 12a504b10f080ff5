import { expect, test } from '@playwright/test';

import { restartAgent, signIn, trpcCall, killAgent } from '../support/fixtures';

// The promise: change once, every node applies it, and the console names any node that has not.
const LAGGING_NODE = 'frontend-2';
let stopped = false;

async function prefsVersion(request: Parameters<typeof trpcCall>[0]): Promise<number> {
  const res = await trpcCall(request, 'settings.clusterDefaults', {}, 'query');
  const families = (res.body as { result: { data: { json: Array<{ family: string; version: number }> } } }).result.data
    .json;
  return families.find((f) => f.family === 'prefs')!.version;
}

test.afterEach(async ({ page }) => {
  // Leave the cluster as the other specs expect it: the node running and the default inherited again.
  if (stopped) await restartAgent(LAGGING_NODE);
  stopped = false;
  await signIn(page, 'admin');
  await trpcCall(
    page.request,
    'settings.updateClusterDefaults',
    { family: 'prefs', expectedVersion: await prefsVersion(page.request), changes: { messagesPerPage: null } },
    'mutation',
  );
});

test('a cluster default reaches every node; a stopped node is named as lagging and catches up on its own', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'admin');
  await page.goto('/settings');
  const prefs = page.getByTestId('defaults-prefs');
  const perPage = prefs.getByLabel('Messages per page');
  const status = prefs.getByTestId('propagation-revision');

  await perPage.fill('25');
  await prefs.getByRole('button', { name: 'Save changes' }).click();
  await expect(status).toContainText('applied on 5 of 5 nodes', { timeout: 15_000 });

  await killAgent(LAGGING_NODE);
  stopped = true;
  await perPage.fill('30');
  await prefs.getByRole('button', { name: 'Save changes' }).click();
  await expect(status).toContainText('applied on 4 of 5 nodes', { timeout: 15_000 });
  const lagging = prefs.getByTestId('propagation-lagging');
  await expect(lagging).toContainText(LAGGING_NODE);
  // Once the collector has missed it for 3 s the reason says so.
  await expect(lagging).toContainText(/down since .* catches up when it returns/, { timeout: 15_000 });
  // The change list on the same page agrees.
  await expect(page.getByTestId('revision-row').first().getByTestId('revision-applied')).toContainText('4 of 5');

  // Nobody acts: the node comes back with its old revision and the reconciler brings it up to date.
  await restartAgent(LAGGING_NODE);
  stopped = false;
  await expect(status).toContainText('applied on 5 of 5 nodes', { timeout: 20_000 });
  await expect(prefs.getByTestId('propagation-lagging')).toHaveCount(0);
  await expect(page.getByTestId('propagation-overall')).toContainText('Applied on 5 of 5 nodes');

  // What the node itself reports: the value the administrator saved.
  const config = await trpcCall(page.request, 'settings.clusterDefaults', {}, 'query');
  const prefsNow = (
    config.body as {
      result: { data: { json: Array<{ family: string; settings: Array<{ key: string; value: unknown }> }> } };
    }
  ).result.data.json.find((f) => f.family === 'prefs')!;
  expect(prefsNow.settings.find((s) => s.key === 'messagesPerPage')?.value).toBe(30);
});

test('an auditor sees propagation but cannot change cluster defaults', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/settings');
  await expect(page.getByTestId('propagation-overall')).toContainText(/Applied on \d+ of 5 nodes/);
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  const res = await trpcCall(
    page.request,
    'settings.updateClusterDefaults',
    { family: 'prefs', expectedVersion: 0, changes: { messagesPerPage: 40 } },
    'mutation',
  );
  expect(res.status).toBe(403);
});
