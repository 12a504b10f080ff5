import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { killAgent, restartAgent, signIn, trpcCall, type UserKey } from '../support/fixtures';

// Cluster alerts (issue 5): posted once, delivered to every demo node (backend-1..3, frontend-1..2),
// shown on the account pages they apply to, removed everywhere. Every alert this spec posts carries TAG
// in its text and is removed afterwards, so the other specs see no alerts of ours.
const TAG = `[e2e-alerts ${Date.now().toString(36)}]`;
const LAGGING_NODE = 'frontend-2';
let stopped = false;

interface AlertRow {
  id: string;
  scope: string;
  text: string;
  removedAt: string | null;
}
type Result = { status: number; body: unknown };

function data<T>(res: Result): T {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { result: { data: { json: T } } }).result.data.json;
}

function fieldErrors(res: Result): Record<string, string[]> {
  return (
    (res.body as { error: { json: { data: { fieldErrors: Record<string, string[]> | null } } } }).error.json.data
      .fieldErrors ?? {}
  );
}

async function as(page: Page, who: UserKey) {
  await page.context().clearCookies();
  await signIn(page, who);
}

async function allAlerts(request: APIRequestContext, search?: string): Promise<AlertRow[]> {
  return data<AlertRow[]>(await trpcCall(request, 'alerts.list', { status: 'all', search, limit: 500 }, 'query'));
}

const post = (request: APIRequestContext, input: Record<string, unknown>) =>
  trpcCall(request, 'alerts.post', input, 'mutation');

/** A datetime-local value (browser-local, like the test process) `days` from now at `hour`:00. */
function localInput(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

async function openPostDialog(page: Page) {
  await page.goto('/alerts');
  await page.getByRole('button', { name: 'Post alert' }).click();
  const dialog = page.getByRole('dialog', { name: 'Post alert' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('[ALERTS] cluster-wide, domain and account alerts', () => {
  test.afterEach(async ({ page }) => {
    if (stopped) await restartAgent(LAGGING_NODE);
    stopped = false;
    // Remove whatever this spec posted and left standing (a failed test leaves no alert behind).
    await as(page, 'admin');
    for (const alert of await allAlerts(page.request, TAG)) {
      if (alert.removedAt) continue;
      const res = await trpcCall(page.request, 'alerts.remove', { id: alert.id }, 'mutation');
      expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
    }
  });

  test('an administrator posts a cluster-wide alert, it reaches every node and account page, and its removal too', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // Markup in the text must come out as the characters typed, never as elements.
    const text = `Maintenance tonight 22:00 UTC <b>not bold</b> ${TAG}\nWebmail may be slow.`;
    await signIn(page, 'admin');
    const dialog = await openPostDialog(page);
    await dialog.getByLabel('Who sees it').selectOption('cluster');
    await dialog.getByLabel('Severity').selectOption('warning');
    await dialog.getByLabel('Text').fill(text);
    await expect(dialog.getByTestId('alert-text-count')).toContainText(`${text.length} / 2,000 characters`);
    await dialog.getByRole('button', { name: 'Post alert' }).click();

    const posted = page.getByRole('dialog', { name: 'Alert posted' });
    await expect(posted.getByTestId('alert-delivery')).toHaveText('Delivered on 5 of 5 nodes', { timeout: 15_000 });
    await posted.getByRole('link', { name: 'Open alert' }).click();
    await expect(page).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1)!;

    await expect(page.getByTestId('alert-text')).toHaveText(text);
    await expect(page.getByTestId('alert-text').locator('b')).toHaveCount(0);
    await expect(page.getByTestId('alert-severity')).toHaveText('Warning');
    await expect(page.getByTestId('alert-audience')).toHaveText('Cluster-wide');
    await expect(page.getByTestId('alert-delivery')).toHaveText('Delivered on 5 of 5 nodes');
    const nodes = page.getByTestId('alert-node');
    await expect(nodes).toHaveCount(5);
    await expect(page.locator('[data-testid="alert-node"][data-delivered="true"]')).toHaveCount(5);
    // The simulated backends hold open sessions of user*@example.com: they see it within an agent tick.
    await expect
      .poll(async () => Number((await page.getByTestId('alert-shown-to').innerText()).replace(/\D/g, '')), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    // Two units, each said: nodes that hold it, accounts that saw it out of those it is for.
    await expect(page.getByTestId('alert-targeted')).toHaveText(/^\s*of the [\d,]+ accounts it is for$/);
    await expect(page.getByTestId('alert-delivery-explained')).toContainText('Delivered counts the nodes');

    await page.locator('header').getByRole('link', { name: 'Alerts', exact: true }).click();
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);
    await expect(row).toHaveAttribute('data-status', 'active');
    await expect(row).toContainText('admin@e2e.test');
    await expect(row.getByTestId('alert-audience')).toHaveText('Cluster-wide');

    // Cluster-wide: every account of every shared domain has it, example.net's too.
    await page.goto('/domains/example.net/accounts/user1');
    const onAccount = page.locator(`[data-testid="account-alert"][data-alert-id="${id}"]`);
    await expect(onAccount.getByTestId('alert-text')).toHaveText(text);
    await expect(onAccount.getByTestId('account-alert-scope')).toHaveText('cluster-wide');
    await expect(onAccount.getByTestId('alert-severity')).toHaveText('Warning');

    await onAccount.getByRole('link', { name: 'Details' }).click();
    await expect(page).toHaveURL(`/alerts/${id}`);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('dialog', { name: 'Remove alert' }).getByRole('button', { name: 'Remove alert' }).click();
    await expect(page.getByTestId('alert-removal')).toHaveText('Removal applied on 5 of 5 nodes', {
      timeout: 15_000,
    });
    await expect(page.getByTestId('alert-status')).toHaveText('Removed');
    await expect(page.getByTestId('alert-removed-by')).toContainText('admin@e2e.test');
    await expect(page.locator('[data-testid="alert-node"][data-removal-applied="true"]')).toHaveCount(5);
    await expect(page.getByRole('button', { name: 'Remove', exact: true })).toHaveCount(0);

    await page.goto('/alerts');
    await expect(page.getByText('Loading alerts…')).toHaveCount(0);
    await expect(row).toHaveCount(0);
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Removed' }).click();
    await expect(row).toHaveAttribute('data-status', 'removed');
    await page.goto('/domains/example.net/accounts/user1');
    await expect(page.getByTestId('account-alerts')).not.toContainText('Loading alerts…');
    await expect(onAccount).toHaveCount(0);
  });

  test('bad input gets a clear error under its field and posts nothing', async ({ page }) => {
    await signIn(page, 'admin');
    const before = (await allAlerts(page.request)).length;
    const dialog = await openPostDialog(page);
    const submit = dialog.getByRole('button', { name: 'Post alert' });
    await dialog.getByLabel('Who sees it').selectOption('cluster');

    await submit.click();
    await expect(dialog.getByTestId('field-error-text')).toHaveText('Enter the alert text.');

    await dialog.getByLabel('Text').fill(`${TAG} ${'x'.repeat(2001)}`);
    await expect(dialog.getByTestId('alert-text-count')).toContainText(/too many/);
    await submit.click();
    await expect(dialog.getByTestId('field-error-text')).toHaveText('At most 2000 characters.');

    await dialog.getByLabel('Text').fill(`Backwards ${TAG}`);
    await expect(dialog.getByTestId('field-error-text')).toHaveCount(0);
    await dialog.getByLabel('Starts (optional)').fill(localInput(2, 12));
    await dialog.getByLabel('Expires (optional)').fill(localInput(2, 10));
    await submit.click();
    await expect(dialog.getByTestId('field-error-expiresAt')).toHaveText('The expiry must be after the start.');

    await dialog.getByLabel('Expires (optional)').fill('');
    await dialog.getByLabel('Who sees it').selectOption('domain');
    await dialog.getByLabel('Domain').fill('nowhere.example');
    await submit.click();
    await expect(dialog.getByTestId('field-error-domain')).toHaveText('No shared domain nowhere.example exists.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The same through the API.
    const unknown = await post(page.request, { scope: 'domain', domain: 'unknown-domain.example', text: `Hi ${TAG}` });
    expect(unknown.status).toBe(400);
    expect(fieldErrors(unknown).domain).toEqual(['No shared domain unknown-domain.example exists.']);
    const ghost = await post(page.request, { scope: 'account', address: 'ghost@example.com', text: `Hi ${TAG}` });
    expect(ghost.status).toBe(400);
    expect(fieldErrors(ghost).address?.[0]).toMatch(/No account ghost@example.com/);
    const empty = await post(page.request, { scope: 'cluster', text: '   ' });
    expect(empty.status).toBe(400);
    expect(fieldErrors(empty).text).toEqual(['Enter the alert text.']);

    expect((await allAlerts(page.request)).length).toBe(before);
  });

  test('a domain administrator posts to their own domain only: no cluster-wide option, 403 elsewhere', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, 'admin');
    const cluster = data<{ id: string }>(await post(page.request, { scope: 'cluster', text: `For everybody ${TAG}` }));
    const before = (await allAlerts(page.request)).length;

    await as(page, 'domainAdmin');
    const dialog = await openPostDialog(page);
    await expect(dialog.getByLabel('Who sees it').locator('option[value="cluster"]')).toHaveCount(0);
    await expect(dialog.getByLabel('Who sees it').locator('option')).toHaveText(['One domain', 'One account']);
    await expect(dialog.getByLabel('Domain')).toHaveValue('example.com');
    await expect(dialog.getByLabel('Domain').locator('option[value="example.net"]')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const r = page.request;
    expect((await post(r, { scope: 'cluster', text: `Everyone! ${TAG}` })).status).toBe(403);
    expect((await post(r, { scope: 'domain', domain: 'example.net', text: `Not yours ${TAG}` })).status).toBe(403);
    const other = { scope: 'account', address: 'user1@example.net', text: `Not yours ${TAG}` };
    expect((await post(r, other)).status).toBe(403);
    // The administrator's cluster-wide alert: visible, but neither a Remove button nor a removal for them.
    await page.goto(`/alerts/${cluster.id}`);
    await expect(page.getByTestId('alert-text')).toHaveText(`For everybody ${TAG}`);
    await expect(page.getByTestId('alert-delivery')).toHaveText(/^Delivered on \d of 5 nodes$/);
    // The cluster's account count is not a domain administrator's to see.
    await expect(page.getByTestId('alert-targeted')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Remove', exact: true })).toHaveCount(0);
    expect((await trpcCall(r, 'alerts.remove', { id: cluster.id }, 'mutation')).status).toBe(403);

    await as(page, 'admin');
    const after = await allAlerts(page.request);
    expect(after.length).toBe(before);
    expect(after.find((a) => a.id === cluster.id)?.removedAt).toBeNull();

    // Their own domain works, with counts but no node names (they may not see nodes).
    await as(page, 'domainAdmin');
    const own = await openPostDialog(page);
    await own.getByLabel('Text').fill(`Webmail moves to mail.example.com ${TAG}`);
    await own.getByRole('button', { name: 'Post alert' }).click();
    const posted = page.getByRole('dialog', { name: 'Alert posted' });
    await expect(posted.getByTestId('alert-delivery')).toHaveText('Delivered on 5 of 5 nodes', { timeout: 15_000 });
    await expect(posted.getByTestId('alert-node')).toHaveCount(0);
    await posted.getByRole('button', { name: 'Done' }).click();
    await page.goto('/domains/example.com/accounts/user7');
    const mine = page.getByTestId('account-alert').filter({ hasText: 'Webmail moves' });
    await expect(mine.getByTestId('account-alert-scope')).toHaveText('domain');
  });

  test('a node that is down is named and gets the alert when it returns', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, 'admin');
    await killAgent(LAGGING_NODE);
    stopped = true;
    const { id } = data<{ id: string }>(
      await post(page.request, { scope: 'cluster', severity: 'critical', text: `Node down drill ${TAG}` }),
    );
    await page.goto(`/alerts/${id}`);
    await expect(page.getByTestId('alert-delivery')).toHaveText('Delivered on 4 of 5 nodes', { timeout: 15_000 });
    const lagging = page.locator(`[data-testid="alert-node"][data-node-name="${LAGGING_NODE}"]`);
    await expect(lagging).toHaveAttribute('data-delivered', 'false');
    await expect(lagging.getByTestId('alert-node-error')).toHaveText('down; catches up when it returns', {
      timeout: 15_000,
    });

    await restartAgent(LAGGING_NODE);
    stopped = false;
    await expect(page.getByTestId('alert-delivery')).toHaveText('Delivered on 5 of 5 nodes', { timeout: 20_000 });
    await expect(lagging).toHaveAttribute('data-delivered', 'true');
    await expect(lagging.getByTestId('alert-node-error')).toHaveText('');
  });
});
