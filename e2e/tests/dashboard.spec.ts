import { expect, test } from '@playwright/test';
import pg from 'pg';

import { nodeByName, signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

test.describe('home dashboard', () => {
  test('shows the demo cluster, and a readiness change lands on the timeline', async ({ page }) => {
    const { agents } = readState();
    await signIn(page, 'operator');
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Cluster', exact: true })).toBeVisible();
    await expect
      .poll(async () => Number(await page.getByTestId('total-nodes').textContent()))
      .toBeGreaterThanOrEqual(agents.length);
    await expect(page.getByTestId('cluster-controller')).toContainText(/backend-\d/);
    await expect(page.getByTestId('propagation-status')).toBeVisible();
    await expect(page.getByTestId('dashboard-findings')).toBeVisible();

    const node = await nodeByName(page.request, 'frontend-2');
    for (const ready of [false, true]) {
      const res = await trpcCall(page.request, 'nodes.setReadiness', { ids: [node.id], ready }, 'mutation');
      expect(res.status).toBe(200);
    }
    const events = page.getByTestId('timeline-event');
    await expect(events.filter({ hasText: 'frontend-2 made Non-Ready' }).first()).toBeVisible({ timeout: 10_000 });
    await expect(events.filter({ hasText: 'frontend-2 made Ready' }).first()).toBeVisible();
    // Live cluster charts: the sessions stack draws once a few samples are in.
    await expect(page.getByTestId('cluster-sessions-chart').locator('.recharts-area').first()).toBeVisible({
      timeout: 20_000,
    });
  });

  test('7-day charts over seeded rollups, on the node page and the dashboard', async ({ page }) => {
    const { databaseUrl } = readState();
    // The embedded database belongs to the running console: rows can be seeded only on PostgreSQL (CI).
    test.skip(!databaseUrl, 'needs DATABASE_URL (PostgreSQL) to seed history beside the running console');
    await signIn(page, 'admin');
    const node = await nodeByName(page.request, 'backend-1');
    const db = new pg.Client({ connectionString: databaseUrl! });
    await db.connect();
    try {
      // Ten-minute buckets for the last 7 days, up to 3 h ago (cpuMax 91 marks them for the clean-up).
      await db.query(
        `INSERT INTO node_load_rollup ("nodeId", resolution, at, samples, "cpuMin", "cpuAvg", "cpuMax", "memUsedMin",
           "memUsedAvg", "memUsedMax", "memTotalBytes", "sessionsMin", "sessionsAvg", "sessionsMax", "sessionsImap",
           "sessionsPop", "sessionsSmtp", "sessionsHttp", "accountsAvg", "accountsMax")
         SELECT $1, 600, g, 300, 5, 30 + 20 * sin(extract(epoch FROM g) / 20000), 91, 1e9, 2e9, 3e9, 8e9, 1, 10, 20,
           6, 1, 2, 1, 4, 5
         FROM generate_series(date_bin('10 minutes', (now() AT TIME ZONE 'UTC') - interval '7 days', TIMESTAMP '1970-01-01'),
           (now() AT TIME ZONE 'UTC') - interval '3 hours', interval '10 minutes') g
         ON CONFLICT DO NOTHING`,
        [node.id],
      );
      await page.goto(`/nodes/${node.id}`);
      await page.getByRole('button', { name: '7 d' }).click();
      const cpu = page.getByTestId('load-history-chart');
      await expect(cpu.locator('.recharts-line-curve').first()).toBeVisible();
      await expect(cpu.getByText('No samples in this range yet.')).toHaveCount(0);
      await expect(page.getByTestId('sessions-history-chart').locator('.recharts-area').first()).toBeVisible();

      await page.goto('/');
      await page.getByRole('button', { name: '7 d' }).click();
      // CPU across nodes: the min–max band and the median line.
      const spread = page.getByTestId('cluster-cpu-chart');
      await expect(spread.locator('.recharts-area').first()).toBeVisible();
      await expect(spread.locator('.recharts-line-curve').first()).toBeVisible();
    } finally {
      await db.query(`DELETE FROM node_load_rollup WHERE "nodeId" = $1 AND resolution = 600 AND "cpuMax" = 91`, [
        node.id,
      ]);
      await db.end();
    }
  });

  test('a long Backup name is cut with an ellipsis inside its tile and shown whole in a tooltip', async ({ page }) => {
    const long = 'backup-node-with-a-very-long-name-in-the-eu-west-datacentre-07';
    await signIn(page, 'operator');
    // The demo's names are short: give the Backup a long one in the overview the page reads.
    await page.route(/\/api\/trpc\/[^?]*cluster\.overview/, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as Array<{ result?: { data?: { json?: { backup?: { name: string } | null } } } }>;
      for (const item of body) {
        const backup = item.result?.data?.json?.backup;
        if (backup) backup.name = long;
      }
      await route.fulfill({ response: res, json: body });
    });
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/');
      const backup = page.getByTestId('cluster-backup').getByTestId('leader-link');
      await expect(backup).toHaveText(long, { timeout: 15_000 });
      await expect(page.getByTestId('cluster-controller').getByTestId('leader-link')).toBeVisible();
      const box = await backup.evaluate((el) => {
        const tile = el.closest('dd')!.getBoundingClientRect();
        const link = el.getBoundingClientRect();
        return {
          ellipsis: getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth,
          inside: link.left >= tile.left && link.right <= tile.right + 0.5,
          width: link.width,
        };
      });
      expect(box.ellipsis).toBe(true);
      expect(box.inside).toBe(true);
      expect(box.width).toBeGreaterThan(100); // room for a name, not a sliver
      await backup.hover();
      await expect(page.getByRole('tooltip')).toHaveText(long);
      await page.mouse.move(0, 0);
    }
  });

  test('a domain administrator is sent to their domains and reads no cluster history', async ({ page }) => {
    await signIn(page, 'domainAdmin');
    await page.goto('/');
    await expect(page).toHaveURL('/domains');
    for (const path of ['cluster.history', 'cluster.timeline']) {
      expect((await trpcCall(page.request, path, {}, 'query')).status).toBe(403);
    }
  });
});
