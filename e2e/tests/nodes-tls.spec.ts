import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

import { signIn, trpcCall } from '../support/fixtures';

/** An agent of this spec's own, on a port and data dir it keeps across restarts. */
async function ownAgent(name: string, port: number, token: string, dataDir: string, extra: string[] = []) {
  return spawnAgent({
    name,
    token,
    args: ['--role=backend', `--name=${name}`, `--admin-port=${port}`, `--data-dir=${dataDir}`, ...extra],
  });
}

async function removeNode(page: Page, name: string) {
  await page.goto('/nodes');
  const row = page.locator(`[data-testid="node-row"][data-node-name="${name}"]`);
  await row.getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove node' }).click();
  await expect(row).toHaveCount(0);
}

test.describe('[NODES] TLS between the console and a node', () => {
  test('a changed certificate is refused until an administrator accepts the new fingerprint', async ({ page }) => {
    const port: number = await plannedPort();
    const token = randomBytes(24).toString('base64url');
    const dataDir = path.join(os.tmpdir(), `cc-e2e-backend-8-${port}`);
    let agent = await ownAgent('backend-8', port, token, dataDir);
    try {
      await signIn(page, 'admin');
      const adminUrl = `https://127.0.0.1:${port}`;
      const input = { name: 'backend-8', role: 'BACKEND', adminUrl, token, tlsFingerprint: agent.fingerprint256 };
      const res = await trpcCall(page.request, 'nodes.register', input, 'mutation');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const pinned = agent.fingerprint256!;

      // The node comes back on the same address with a new certificate (its data dir lost its tls/).
      await stopProcess(agent.pid);
      fs.rmSync(path.join(dataDir, 'tls'), { recursive: true, force: true });
      agent = await ownAgent('backend-8', port, token, dataDir);
      const presented = agent.fingerprint256!;
      expect(presented).not.toBe(pinned);

      await page.goto('/nodes');
      await page.locator('[data-testid="node-row"][data-node-name="backend-8"]').getByRole('link').click();
      const changed = page.getByTestId('certificate-changed');
      await expect(changed).toBeVisible({ timeout: 15_000 });
      await expect(
        page.getByText(`certificate changed: expected fingerprint ${pinned}, got ${presented}`),
      ).toBeVisible();
      await expect(changed.getByTestId('pinned-fingerprint')).toHaveText(pinned);
      await expect(changed.getByTestId('presented-fingerprint')).toHaveText(presented);

      await changed.getByRole('button', { name: 'Accept new certificate…' }).click();
      await changed.getByRole('button', { name: 'Accept the new fingerprint' }).click();
      await expect(page.getByTestId('node-pinned-fingerprint')).toContainText(presented);
      await expect(changed).toHaveCount(0, { timeout: 15_000 });
      await page.goto('/nodes');
      await expect(page.locator('[data-testid="node-row"][data-node-name="backend-8"]')).toHaveAttribute(
        'data-state',
        'ready',
        { timeout: 15_000 },
      );
      await removeNode(page, 'backend-8');
    } finally {
      await stopProcess(agent.pid);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('plain HTTP is an explicit choice at registration, and a warning on the node page', async ({ page }) => {
    const port: number = await plannedPort();
    const token = randomBytes(24).toString('base64url');
    const dataDir = path.join(os.tmpdir(), `cc-e2e-backend-7-${port}`);
    const agent = await ownAgent('backend-7', port, token, dataDir, ['--plain-http']);
    try {
      await signIn(page, 'admin');
      await page.goto('/nodes');
      await page.getByRole('button', { name: 'Register node' }).click();
      await page.getByLabel('Name').fill('backend-7');
      await page.getByLabel('Role').selectOption({ label: 'Backend' });
      await page.getByLabel('Admin URL').fill(`http://127.0.0.1:${port}`);
      await page.getByLabel('Token', { exact: true }).fill(token);
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await expect(page.getByTestId('field-error-adminUrl')).toContainText(/in clear text/);
      await page.getByLabel('Allow plain HTTP (token sent in clear)').check();
      await page.getByRole('button', { name: 'Register', exact: true }).click();

      const row = page.locator('[data-testid="node-row"][data-node-name="backend-7"]');
      await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 10_000 });
      await row.getByRole('link').click();
      await expect(page.getByTestId('plain-http-warning')).toContainText('crosses the network in clear text');
      await removeNode(page, 'backend-7');
    } finally {
      await stopProcess(agent.pid);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
