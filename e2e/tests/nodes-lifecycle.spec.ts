import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

import { signIn } from '../support/fixtures';

test.describe('[NODES] register and remove a real node', () => {
  test('an administrator confirms the certificate, registers and removes a node through the UI', async ({ page }) => {
    const port: number = await plannedPort();
    const token = randomBytes(24).toString('base64url');
    const dataDir = path.join(os.tmpdir(), `cc-e2e-backend-9-${port}`);
    const agent = await spawnAgent({
      name: 'backend-9',
      token,
      args: ['--role=backend', '--name=backend-9', `--admin-port=${port}`, `--data-dir=${dataDir}`],
    });
    try {
      await signIn(page, 'admin');
      await page.goto('/nodes');
      await expect(page.getByTestId('node-row')).toHaveCount(5);

      await page.getByRole('button', { name: 'Register node' }).click();
      await page.getByLabel('Name').fill('backend-9');
      await page.getByLabel('Role').selectOption({ label: 'Backend' });
      await page.getByLabel('Admin URL').fill(`https://127.0.0.1:${port}`);
      await page.getByLabel('Token').fill(token);
      // First the certificate: the fingerprint the agent printed in its listening line.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect(page.getByTestId('node-fingerprint')).toHaveText(agent.fingerprint256!);
      await expect(page.getByTestId('test-connection-ok')).toContainText(/Compare its certificate fingerprint/);
      await page.getByLabel(/It matches the fingerprint the node printed/).check();
      // Confirmed: the test goes on to the token and the role.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect(page.getByTestId('test-connection-ok')).toContainText('Connected to backend-9');
      await page.getByRole('button', { name: 'Register', exact: true }).click();

      const row = page.locator('[data-testid="node-row"][data-node-name="backend-9"]');
      await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 10_000 });
      await row.getByRole('link', { name: 'backend-9' }).click();
      await expect(page.getByTestId('node-pinned-fingerprint')).toContainText(agent.fingerprint256!);
      await page.goto('/nodes');

      // The dialog says what the node is and what is open on it, and warns for the Controller.
      const dialog = page.getByRole('dialog', { name: 'Remove node' });
      // backend-9 runs alone and may call itself Controller: the cluster's own is another row.
      const controller = page.locator(
        '[data-testid="node-row"][data-cluster-role="controller"]:not([data-node-name="backend-9"])',
      );
      await controller.getByRole('button', { name: /^Remove / }).click();
      await expect(dialog.getByTestId('remove-node-role')).toHaveText('Backend · Controller');
      await expect(dialog.getByTestId('remove-node-sessions')).toHaveText(/^\d+$/);
      await expect(dialog.getByTestId('remove-node-warning').first()).toContainText('It is the Controller');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await row.getByRole('button', { name: 'Remove backend-9' }).click();
      const role = (await dialog.getByTestId('remove-node-role').textContent())!;
      expect(role).toMatch(/^Backend( · Controller)?$/);
      const open = Number(await dialog.getByTestId('remove-node-sessions').textContent());
      await expect(dialog.getByTestId('remove-node-warning')).toHaveCount(
        (open > 0 ? 1 : 0) + (role.includes('Controller') ? 1 : 0),
      );
      await dialog.getByRole('button', { name: 'Remove node' }).click();
      await expect(row).toHaveCount(0);
      await expect(page.getByTestId('node-row')).toHaveCount(5);
    } finally {
      await stopProcess(agent.pid);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
