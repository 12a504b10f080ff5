import fs from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { nodeByName, signIn, trpcCall, type UserKey } from '../support/fixtures';
import { readState } from '../support/state';

// Several people act (through the API, as the UI would), then an auditor reviews the log in the UI:
// filters it down to one change, opens its diff, exports the filtered view as CSV and reads it back.
// Demo data is shared with other specs: every change made here is undone at the end.

function data<T>(res: { status: number; body: unknown }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { result: { data: { json: T } } }).result.data.json;
}

async function as(page: Page, who: UserKey) {
  await page.context().clearCookies();
  await signIn(page, who);
}

async function setDomainTheme(page: Page, theme: string | null) {
  const domain = data<{ version: number }>(
    await trpcCall(page.request, 'domains.get', { name: 'example.com' }, 'query'),
  );
  const res = await trpcCall(
    page.request,
    'domains.updateSettings',
    { name: 'example.com', expectedVersion: domain.version, changes: { theme } },
    'mutation',
  );
  data(res);
}

async function setClusterReadReceipts(page: Page, value: string | null) {
  const families = data<Array<{ family: string; version: number }>>(
    await trpcCall(page.request, 'settings.clusterDefaults', {}, 'query'),
  );
  const prefs = families.find((f) => f.family === 'prefs')!;
  const res = await trpcCall(
    page.request,
    'settings.updateClusterDefaults',
    { family: 'prefs', expectedVersion: prefs.version, changes: { readReceipts: value } },
    'mutation',
  );
  data(res);
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

test.describe('[AUDIT] audit log review', () => {
  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await as(page, 'domainAdmin');
    await setDomainTheme(page, null);
    await as(page, 'admin');
    await setClusterReadReceipts(page, null);
    await page.close();
  });

  test('an auditor filters several people’s actions down to one, opens its diff and exports it', async ({ page }) => {
    const { users, baseURL } = readState();
    // The administrator changes a cluster default, the operator withdraws a frontend and brings it
    // back, the domain administrator changes a setting of example.com, and someone mistypes a password.
    await as(page, 'admin');
    await setClusterReadReceipts(page, 'always');
    await as(page, 'operator');
    const node = await nodeByName(page.request, 'frontend-2');
    for (const ready of [false, true]) {
      data(await trpcCall(page.request, 'nodes.setReadiness', { ids: [node.id], ready }, 'mutation'));
    }
    await as(page, 'domainAdmin');
    await setDomainTheme(page, 'dark');
    await page.context().clearCookies();
    const wrong = await page.request.post('/api/auth/sign-in/email', {
      data: { email: users.operator.email, password: 'not-the-password-123' },
      headers: { origin: baseURL },
    });
    expect(wrong.status()).toBe(401);

    await as(page, 'auditor');
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(page.getByTestId('audit-chain-badge')).toHaveText(/Chain intact/);
    await expect(page.locator('[data-testid="audit-row"][data-action="node.make-non-ready"]').first()).toBeVisible();
    await expect(page.locator('[data-testid="audit-row"][data-action="auth.sign-in"]').first()).toBeVisible();

    // Down to the domain administrator's change.
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByLabel('Actor').fill(users.domainAdmin.email);
    await filters.getByLabel('Action').fill('domains.updateSettings');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/actor=domain-admin%40e2e\.test/);
    const rows = page.getByTestId('audit-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('example.com');
    await expect(rows.first().getByTestId('audit-target-link')).toHaveAttribute('href', '/domains/example.com');

    await rows.first().getByRole('button', { name: 'Details' }).click();
    const dialog = page.getByRole('dialog');
    const theme = dialog.locator('[data-testid="diff-row"][data-key="settings.theme"]');
    await expect(theme).toHaveAttribute('data-change', /added|changed/);
    await expect(theme.locator('td').nth(1)).toHaveText('"dark"');
    await expect(dialog.locator('[data-testid="diff-row"][data-key="revision"]')).toHaveAttribute(
      'data-change',
      'added',
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const csv = parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
    expect(csv).toHaveLength(1);
    expect(csv[0]).toMatchObject({
      actorEmail: users.domainAdmin.email,
      actorRole: 'DOMAIN_ADMIN',
      action: 'domains.updateSettings',
      outcome: 'SUCCESS',
      targetName: 'example.com',
      domain: 'example.com',
    });
    expect(JSON.parse(csv[0]!.after!)).toMatchObject({ settings: { theme: 'dark' } });
    expect(csv[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

    // The operator's withdrawal: STARTED before the node was asked, then the node's answer.
    await filters.getByRole('button', { name: 'Clear' }).click();
    await filters.getByLabel('Target', { exact: true }).fill(node.id);
    await filters.getByLabel('Action').fill('node.make-non-ready');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(rows).toHaveCount(2);
    await expect(rows.getByTestId('audit-outcome')).toHaveText(['success', 'started']);
    await expect(rows.first().getByTestId('audit-target-link')).toHaveAttribute('href', `/nodes/${node.id}`);
  });

  test('a domain administrator sees only the entries of their domains', async ({ page }) => {
    await as(page, 'domainAdmin');
    await page.goto('/audit');
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    const list = data<{ items: Array<{ domain: string | null }> }>(
      await trpcCall(page.request, 'audit.list', { limit: 200 }, 'query'),
    );
    expect(list.items.length).toBeGreaterThan(0);
    expect(new Set(list.items.map((e) => e.domain))).toEqual(new Set(['example.com']));
    const res = await page.request.get('/api/audit/export?format=csv&domain=example.net');
    expect(res.status()).toBe(200);
    expect(parseCsv(await res.text())).toEqual([]);
  });
});
