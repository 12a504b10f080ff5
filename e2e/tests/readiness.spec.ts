import { expect, test, type Page } from '@playwright/test';

import { killAgent, nodeByName, restartAgent, signIn, tcpConnect, trpcCall } from '../support/fixtures';

const row = (page: Page, name: string) => page.locator(`[data-testid="node-row"][data-node-name="${name}"]`);

async function confirmInDialog(page: Page, action: 'Make Ready' | 'Make Non-Ready') {
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('readiness-sessions')).toHaveText(/^\d[\d,]*$/);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test.describe('[READINESS] Make Ready / Make Non-Ready, draining, failover', () => {
  // Whatever a test did, the next one starts with every node Ready.
  test.afterEach(async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, 'operator');
    const list = await trpcCall(page.request, 'nodes.list', { pageSize: 100 }, 'query');
    const items = (list.body as { result: { data: { json: { items: Array<{ id: string }> } } } }).result.data.json
      .items;
    await trpcCall(page.request, 'nodes.setReadiness', { ids: items.map((n) => n.id), ready: true }, 'mutation');
  });

  test('a frontend made Non-Ready refuses IMAP connections within 1 s and accepts them after Make Ready', async ({
    page,
  }) => {
    await signIn(page, 'operator');
    const node = await nodeByName(page.request, 'frontend-1');
    const imap = node.listeners.find((l) => l.protocol === 'imap')!;
    expect(await tcpConnect(imap.port)).toBe('open');

    await page.goto(`/nodes/${node.id}`);
    await page.getByRole('button', { name: 'Make Non-Ready', exact: true }).click();
    const confirmedAt = Date.now();
    await confirmInDialog(page, 'Make Non-Ready');
    await expect.poll(() => tcpConnect(imap.port), { timeout: 1000, intervals: [50] }).toBe('refused');
    expect(Date.now() - confirmedAt).toBeLessThan(5000);
    await expect(page.getByRole('button', { name: 'Make Ready', exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Make Ready', exact: true }).click();
    await confirmInDialog(page, 'Make Ready');
    await expect.poll(() => tcpConnect(imap.port), { timeout: 1000, intervals: [50] }).toBe('open');
  });

  test('a backend drains to Drained under load while new sessions land on the other backends', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/nodes');
    const member = page.locator('[data-testid="node-row"][data-cluster-role="member"]').first();
    const name = (await member.getAttribute('data-node-name'))!;
    const others = ['backend-1', 'backend-2', 'backend-3'].filter((n) => n !== name);
    const othersBefore = await Promise.all(others.map((n) => row(page, n).getByTestId('node-sessions').innerText()));

    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByRole('button', { name: 'Make Non-Ready', exact: true }).click();
    await confirmInDialog(page, 'Make Non-Ready');

    await expect(row(page, name)).toHaveAttribute('data-state', /draining|drained/);
    // Draining counts down and never takes a new session.
    let last = Number.POSITIVE_INFINITY;
    await expect
      .poll(
        async () => {
          // One read of the row, so state and count come from the same render.
          const [state, sessions] = await row(page, name).evaluate(
            (el) =>
              [
                el.getAttribute('data-state'),
                Number(el.querySelector('[data-testid="node-sessions"]')?.textContent),
              ] as const,
          );
          // Only what the node reports while withdrawn counts: a snapshot taken just before the
          // change may still arrive once after it.
          if (state === 'draining' || state === 'drained') {
            expect(sessions).toBeLessThanOrEqual(last);
            last = sessions;
          }
          return state;
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toBe('drained');
    await expect(row(page, name).getByTestId('node-state')).toHaveText(/Drained/);
    const othersAfter = await Promise.all(others.map((n) => row(page, n).getByTestId('node-sessions').innerText()));
    expect(othersAfter).not.toEqual(othersBefore);

    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByRole('button', { name: 'Make Ready', exact: true }).click();
    await confirmInDialog(page, 'Make Ready');
    await expect(row(page, name)).toHaveAttribute('data-state', 'ready');
  });

  test('a node draining without a deadline: the operator ends its remaining sessions now', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/nodes');
    const name = (await page
      .locator('[data-testid="node-row"][data-cluster-role="member"]')
      .first()
      .getAttribute('data-node-name'))!;
    const node = await nodeByName(page.request, name);
    await page.goto(`/nodes/${node.id}`);
    await page.getByRole('button', { name: 'Make Non-Ready', exact: true }).click();
    await confirmInDialog(page, 'Make Non-Ready');

    await expect(page.getByTestId('drain-no-deadline')).toContainText('No drain deadline');
    await page.getByRole('button', { name: 'End remaining sessions now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'End remaining sessions' }).click();
    await expect(page.getByText(new RegExp(`Ended \\d+ sessions? on ${name}\\.`))).toBeVisible();
    await expect(page.getByTestId('drain-status')).toHaveAttribute('data-state', 'drained', { timeout: 10_000 });
  });

  test("the Backup takes over within 5 s when the Controller's process dies", async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/nodes');
    const controller = (await page
      .locator('[data-testid="node-row"][data-cluster-role="controller"]')
      .getAttribute('data-node-name'))!;
    const backup = (await page
      .locator('[data-testid="node-row"][data-cluster-role="backup"]')
      .getAttribute('data-node-name'))!;
    await killAgent(controller);
    try {
      await expect(row(page, backup)).toHaveAttribute('data-cluster-role', 'controller', { timeout: 5000 });
      await expect(row(page, controller)).toHaveAttribute('data-state', 'down');
      await expect(page.locator('[data-testid="node-row"][data-cluster-role="backup"]')).toHaveCount(1, {
        timeout: 10_000,
      });
    } finally {
      await restartAgent(controller);
    }
    await expect(row(page, controller)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  });

  test('auditors and domain administrators get 403 and see no readiness controls', async ({ page }) => {
    await signIn(page, 'auditor');
    const node = await nodeByName(page.request, 'backend-1');
    await page.goto(`/nodes/${node.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'backend-1' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Make (Non-)?Ready/ })).toHaveCount(0);
    await page.goto('/nodes');
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    const asAuditor = await trpcCall(page.request, 'nodes.setReadiness', { ids: [node.id], ready: false }, 'mutation');
    expect(asAuditor.status).toBe(403);

    await page.context().clearCookies();
    await signIn(page, 'domainAdmin');
    const asDomainAdmin = await trpcCall(
      page.request,
      'nodes.setReadiness',
      { ids: [node.id], ready: false },
      'mutation',
    );
    expect(asDomainAdmin.status).toBe(403);
    const state = await trpcCall(page.request, 'nodes.endSessions', { id: node.id }, 'mutation');
    expect(state.status).toBe(403);
  });
});
