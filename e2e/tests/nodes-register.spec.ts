import { expect, test } from '@playwright/test';

import { signIn, trpcCall } from '../support/fixtures';
import { readState } from '../support/state';

test.describe('[NODES] register and access', () => {
  test('invalid registration input gets field errors and registers nothing', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/nodes');
    await page.getByRole('button', { name: 'Register node' }).click();
    await page.getByLabel('Name').fill('bad name!');
    await page.getByLabel('Admin URL').fill('ftp://example');
    await page.getByLabel('Token', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('field-error-name')).toBeVisible();
    await expect(page.getByTestId('field-error-adminUrl')).toBeVisible();
    await expect(page.getByTestId('field-error-token')).toBeVisible();
    await page.goto('/nodes');
    await expect(page.getByTestId('node-row')).toHaveCount(5);
  });

  test('plain HTTP, an unreachable node and a wrong token are explained on their fields', async ({ page }) => {
    const { agents } = readState();
    const backend = agents.find((a) => a.name === 'backend-1')!;
    await signIn(page, 'admin');
    await page.goto('/nodes');
    await page.getByRole('button', { name: 'Register node' }).click();
    await page.getByLabel('Name').fill('backend-9');
    await page.getByLabel('Role').selectOption({ label: 'Backend' });
    // The token would cross the network in clear text: refused unless chosen for this node.
    await page.getByLabel('Admin URL').fill('http://127.0.0.1:9');
    await page.getByLabel('Token', { exact: true }).fill('x'.repeat(32));
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('field-error-adminUrl')).toContainText(/Plain HTTP sends the node's token in clear/);
    await page.getByLabel('Admin URL').fill('https://127.0.0.1:9');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('field-error-adminUrl')).toContainText(/No TLS server answered/i);
    // The real agent's certificate must be confirmed before the token is even sent.
    await page.getByLabel('Admin URL').fill(backend.adminUrl);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('field-error-tlsFingerprint')).toContainText(/Confirm the node's certificate/);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('node-fingerprint')).toHaveText(backend.fingerprint256!);
    await page.getByLabel(/It matches the fingerprint the node printed/).check();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('field-error-token')).toContainText(/token/i);
  });

  test('an auditor sees the nodes but no Register button, and the API refuses with 403', async ({ page }) => {
    await signIn(page, 'auditor');
    await page.goto('/nodes');
    await expect(page.getByTestId('node-row')).toHaveCount(5);
    await expect(page.getByRole('button', { name: 'Register node' })).toHaveCount(0);
    const { agents } = readState();
    const a = agents[0]!;
    const res = await trpcCall(
      page.request,
      'nodes.register',
      { name: 'sneaky', role: 'BACKEND', adminUrl: a.adminUrl, token: a.token },
      'mutation',
    );
    expect(res.status).toBe(403);
  });

  test('a domain administrator cannot see nodes at all', async ({ page }) => {
    await signIn(page, 'domainAdmin');
    const res = await trpcCall(page.request, 'nodes.list', {}, 'query');
    expect(res.status).toBe(403);
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Nodes' })).toHaveCount(0);
  });
});
