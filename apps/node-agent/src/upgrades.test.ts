// The upgrade rules, in one process: a restart hook stands in for the
// supervisor and starts the next agent with the handoff (main.test.ts and
// upgrade-process.test.ts restart real processes).
import { createNodeClient, NodeApiError, type UpgradeStatus } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import type { RestartHandoff } from './restart';
import { agent, tempDir, TOKEN, waitFor } from './test-helpers';

const client = (baseUrl: string) => createNodeClient({ baseUrl, token: TOKEN });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof NodeApiError ? { status: e.status, code: e.code, message: e.message } : e),
  );

describe('upgrade API', () => {
  it('answers 501 without a supervisor to restart the process, and reports the version idle', async () => {
    const a = await agent({ softwareVersion: '1.2.3' });
    const c = client(a.adminUrl);
    expect((await c.info()).capabilities).not.toContain('upgrade');
    expect((await c.status()).upgrade).toMatchObject({ state: 'idle', version: '1.2.3', previous: null });
    expect(await refusal(c.upgrade('2.0.0'))).toMatchObject({ status: 501, code: 'unsupported' });
  });

  it('refuses what it must, then restarts into the target, withdrawn, with the same ports and counters', async () => {
    const dataDir = await tempDir();
    const handoffs: RestartHandoff[] = [];
    const restart = (h: RestartHandoff) => void handoffs.push(h);
    // scale 0: no sessions, so Non-Ready drains at once.
    const first = await agent({ dataDir, scale: 0, restart });
    const c = client(first.adminUrl);
    expect((await c.info()).capabilities).toContain('upgrade');

    const notDrained = await refusal(c.upgrade('2.0.0'));
    expect(notDrained).toMatchObject({ status: 409, code: 'not-drained' });
    expect((notDrained as { message: string }).message).toMatch(/not drained \(ready, 0 open sessions\)/);
    expect(await refusal(c.rollbackUpgrade())).toMatchObject({ status: 409, code: 'nothing-to-roll-back' });
    expect((await c.setReadiness(false)).readiness).toBe('drained');
    expect(await refusal(c.upgrade('1.0.0'))).toMatchObject({ status: 400, code: 'same-version' });

    const started = await c.upgrade('2.0.0');
    expect(started).toMatchObject({ state: 'upgrading', version: '1.0.0', previous: '1.0.0', target: '2.0.0' });
    expect((await c.status()).upgrade?.state).toBe('upgrading');
    expect(await refusal(c.upgrade('2.0.1'))).toMatchObject({ status: 409, code: 'upgrade-in-progress' });
    expect(await refusal(c.setReadiness(true))).toMatchObject({ status: 409, code: 'upgrade-in-progress' });

    const handoff = await waitFor(async () => handoffs[0], 3000, 'the restart');
    expect(handoff).toEqual({
      adminPort: Number(new URL(first.adminUrl).port),
      cut: 0,
      sessionCounters: { started: 0, endedNormally: 0, endedByAdmin: 0 },
    });
    await expect(c.status()).rejects.toMatchObject({ kind: 'unreachable' });

    const second = await agent({ dataDir, scale: 0, restart, handoff });
    expect(second.adminUrl).toBe(first.adminUrl);
    expect(second.id).toBe(first.id);
    const during = await c.status();
    expect(during.upgrade).toMatchObject({ state: 'upgrading', version: '2.0.0', finishedAt: null });
    expect(during.readiness).toBe('drained');
    const settled = await waitFor(
      async () => ((await c.status()).upgrade?.state === 'healthy' ? (await c.status()).upgrade : undefined),
      3000,
      'healthy',
    );
    expect(settled).toMatchObject<Partial<UpgradeStatus>>({ version: '2.0.0', previous: '1.0.0', target: '2.0.0' });
    expect(settled.finishedAt).not.toBeNull();
    expect((await c.info()).softwareVersion).toBe('2.0.0');
    // Stays withdrawn until the console makes it Ready.
    expect((await c.status()).readiness).toBe('drained');
    expect((await c.setReadiness(true)).readiness).toBe('ready');
  });

  it('a version that fails its health check at start is failed, refuses Ready and has nothing to roll back to', async () => {
    const a = await agent({ softwareVersion: '2.0.1', failHealthVersions: ['2.0.1'], restart: () => {} });
    const c = client(a.adminUrl);
    const s = await waitFor(
      async () => ((await c.status()).upgrade?.state === 'failed' ? c.status() : undefined),
      2000,
      'failed',
    );
    expect(s.readiness).toBe('drained');
    expect(s.upgrade?.error).toBe('health check failed at version 2.0.1 (test switch)');
    const health = await fetch(`${a.adminUrl}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ error: { code: 'unhealthy' } });
    expect(await refusal(c.setReadiness(true))).toMatchObject({ status: 409, code: 'unhealthy' });
    expect(await refusal(c.rollbackUpgrade())).toMatchObject({ status: 409, code: 'nothing-to-roll-back' });
  });
});
