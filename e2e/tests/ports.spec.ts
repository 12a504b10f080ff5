import fs from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { nodeByName, signIn, trpcCall } from '../support/fixtures';

const cells = (page: Page, filter: Record<string, string>) =>
  page.locator(
    `[data-testid="port-cell"]${Object.entries(filter)
      .map(([k, v]) => `[data-${k}="${v}"]`)
      .join('')}`,
  );

test.describe('[PORTS] required-ports checklist against the live cluster', () => {
  test.afterEach(async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, 'operator');
    const node = await nodeByName(page.request, 'frontend-1');
    await trpcCall(page.request, 'nodes.setReadiness', { ids: [node.id], ready: true }, 'mutation');
  });

  test('all pass; a Non-Ready frontend fails its client ports but not its admin port; CSV downloads', async ({
    page,
  }) => {
    await signIn(page, 'operator');
    await page.goto('/ports');
    await expect(page.getByTestId('required-port').first()).toBeVisible();
    await page.getByRole('button', { name: /Run check|Re-run check/ }).click();
    await expect(page.getByTestId('port-check-summary')).toContainText(/ 0 failed/, { timeout: 20_000 });
    // 5 admin APIs, 2 frontends × 4 client ports, 5×3 − 3 node-to-backend probes.
    await expect(cells(page, {})).toHaveCount(5 + 8 + 12);
    await expect(cells(page, { result: 'fail' })).toHaveCount(0);

    const node = await nodeByName(page.request, 'frontend-1');
    const res = await trpcCall(page.request, 'nodes.setReadiness', { ids: [node.id], ready: false }, 'mutation');
    expect(res.status).toBe(200);
    await page.getByRole('button', { name: 'Re-run check' }).click();
    await expect(page.getByTestId('port-check-summary')).toContainText(/ 4 failed/, { timeout: 20_000 });
    for (const service of ['imap', 'pop', 'smtp', 'http']) {
      const cell = cells(page, { section: 'load balancer → frontends', target: 'frontend-1', service });
      await expect(cell).toHaveAttribute('data-result', 'fail');
      await expect(cell).toContainText('connection refused');
    }
    await expect(cells(page, { section: 'console → admin API', target: 'frontend-1' })).toHaveAttribute(
      'data-result',
      'pass',
    );
    await expect(cells(page, { section: 'frontends → backends', source: 'frontend-1' }).first()).toHaveAttribute(
      'data-result',
      'pass',
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^port-check-.*\.csv$/);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('section,source,target,service,host,port,result,ms,error');
    expect(csv).toHaveLength(1 + 25);
    expect(csv.filter((l) => l.includes(',fail,'))).toHaveLength(4);
    expect(csv.find((l) => l.startsWith('load balancer → frontends,console,frontend-1,imap,'))).toContain(
      'connection refused',
    );

    const [md] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download checklist (Markdown)' }).click(),
    ]);
    expect(fs.readFileSync((await md.path())!, 'utf8')).toContain('- [ ] 143/tcp IMAP');
  });

  test('auditors read the checklist but cannot run probes; domain administrators see none of it', async ({ page }) => {
    await signIn(page, 'auditor');
    await page.goto('/ports');
    await expect(page.getByTestId('required-port').first()).toBeVisible();
    await expect(page.getByRole('button', { name: /Run check|Re-run check/ })).toHaveCount(0);
    expect((await trpcCall(page.request, 'ports.run', undefined, 'mutation')).status).toBe(403);

    await page.context().clearCookies();
    await signIn(page, 'domainAdmin');
    expect((await trpcCall(page.request, 'ports.lastRun', undefined, 'query')).status).toBe(403);
    await page.goto('/ports');
    await expect(page.getByTestId('forbidden')).toContainText('Forbidden');
  });
});
