import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { expect, test } from '@playwright/test';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

import { signIn, trpcCall } from '../support/fixtures';

const SECRET = 'e2e-webhook-secret-0123456789';

interface Hook {
  event: string;
  finding: { kind: string; summary: string };
  signed: boolean;
}

/** A webhook receiver on loopback that checks each body's HMAC as it arrives. */
async function startReceiver() {
  const received: Hook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const want = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      received.push({ ...(JSON.parse(body) as Omit<Hook, 'signed'>), signed: req.headers['x-cc-signature'] === want });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const json = <T>(body: unknown) => (body as { result: { data: { json: T } } }).result.data.json;

test.describe('[HEALTH] findings and notifications', () => {
  test('a rogue backend is a split brain within 5 s, notified signed; removing it closes and notifies', async ({
    page,
    browser,
  }) => {
    const hook = await startReceiver();
    const port: number = await plannedPort();
    const token = randomBytes(24).toString('base64url');
    const dataDir = path.join(os.tmpdir(), `cc-e2e-rogue-${port}`);
    // No --peers: it hears no other backend and elects itself Controller beside the real one.
    const rogue = await spawnAgent({
      name: 'rogue-1',
      token,
      args: ['--role=backend', '--name=rogue-1', `--admin-port=${port}`, `--data-dir=${dataDir}`],
    });
    let channelId: string | null = null;
    try {
      await signIn(page, 'admin');
      const channel = await trpcCall(
        page.request,
        'notifications.createChannel',
        {
          kind: 'webhook',
          name: 'e2e hook',
          minSeverity: 'critical',
          enabled: true,
          config: { url: hook.url },
          secret: SECRET,
        },
        'mutation',
      );
      expect(channel.status).toBe(200);
      channelId = json<{ id: string }>(channel.body).id;
      const overview = await trpcCall(page.request, 'cluster.overview', {}, 'query');
      const controller = json<{ controller: { name: string } | null }>(overview.body).controller!.name;

      const registered = await trpcCall(
        page.request,
        'nodes.register',
        {
          name: 'rogue-1',
          role: 'BACKEND',
          adminUrl: `https://127.0.0.1:${port}`,
          token,
          tlsFingerprint: rogue.fingerprint256,
        },
        'mutation',
      );
      expect(registered.status, JSON.stringify(registered.body)).toBe(200);
      const rogueId = json<{ id: string }>(registered.body).id;

      await page.goto('/health');
      const split = page.locator('[data-testid="finding"][data-kind="split_brain"]');
      await expect(split).toBeVisible({ timeout: 5000 });
      await expect(split).toContainText('rogue-1');
      await expect(split).toContainText(controller);
      await expect
        .poll(() => hook.received.filter((h) => h.event === 'opened' && h.finding.kind === 'split_brain'), {
          timeout: 5000,
        })
        .toEqual([expect.objectContaining({ signed: true })]);

      // Acknowledge, silence, unsilence: each with its dialog.
      await split.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByLabel('Reason').fill('rogue node under investigation');
      await page.getByRole('dialog').getByRole('button', { name: 'Acknowledge' }).click();
      await expect(split).toContainText('acknowledged by');
      await split.getByRole('button', { name: 'Silence' }).click();
      await page.getByLabel('Silence for (minutes)').fill('15');
      await page.getByLabel('Reason').fill('maintenance window');
      await page.getByRole('dialog').getByRole('button', { name: 'Silence' }).click();
      await expect(split).toContainText('silenced until');
      await split.getByRole('button', { name: 'Unsilence' }).click();
      await expect(split).not.toContainText('silenced until');

      // A domain administrator sees no cluster finding.
      const other = await browser.newPage();
      await signIn(other, 'domainAdmin');
      await other.goto('/health');
      await expect(other.getByTestId('no-findings')).toBeVisible();
      await expect(other.getByTestId('finding')).toHaveCount(0);
      await other.close();

      const removed = await trpcCall(page.request, 'nodes.remove', { id: rogueId }, 'mutation');
      expect(removed.status).toBe(200);
      await expect(split).toHaveCount(0, { timeout: 5000 });
      await expect(page.locator('[data-testid="closed-finding"][data-kind="split_brain"]').first()).toBeVisible();
      await expect
        .poll(() => hook.received.filter((h) => h.event === 'closed' && h.finding.kind === 'split_brain'), {
          timeout: 5000,
        })
        .toEqual([expect.objectContaining({ signed: true })]);
    } finally {
      if (channelId) await trpcCall(page.request, 'notifications.deleteChannel', { id: channelId }, 'mutation');
      await stopProcess(rogue.pid);
      await hook.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('thresholds out of range get a field error', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/health');
    await page.getByLabel('CPU above (%)').fill('250');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await expect(page.getByTestId('field-error-cpuPercent')).toContainText('At most 100');
  });
});
